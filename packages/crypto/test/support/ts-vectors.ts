import {
  deriveChannelKey,
  deriveV1Key,
  type EncryptedMessage,
  sealV1,
  sealV2,
  signPublish,
} from '../../src/index.js';
import { shared } from './shared-vectors.js';

/** Envelopes and signatures made by TypeScript, for test/php/vectors.php verify-ts. */
export interface TsVectors {
  generator: string;
  backend: string;
  envelopes: {
    name: string;
    version: 1 | 2;
    seed: string;
    site_key: string;
    channel?: string;
    event: string;
    data: unknown;
    message: EncryptedMessage;
  }[];
  signatures: {
    name: string;
    publish_secret: string;
    body: string;
    ts: number;
    signature: string;
  }[];
}

/**
 * Seals the inputs of every shared envelope vector again, in TypeScript with fresh random IVs
 * and ids, and signs every shared signature input. PHP must open and verify all of it.
 */
export async function buildTsVectors(backend: string): Promise<TsVectors> {
  const envelopes: TsVectors['envelopes'] = [];

  for (const v of shared.envelopes) {
    const message = { event: v.event, data: v.data };
    const base = { name: `ts:${v.name}`, seed: v.seed, site_key: v.site_key };

    if (v.version === 1) {
      const key = await deriveV1Key(v.seed, v.site_key);
      envelopes.push({ ...base, version: 1, ...message, message: await sealV1(key, message) });
    } else {
      const channel = v.channel as string;
      const key = await deriveChannelKey(v.seed, v.site_key, channel);
      envelopes.push({
        ...base,
        version: 2,
        channel,
        ...message,
        message: await sealV2(key, channel, message),
      });
    }
  }

  const signatures = await Promise.all(
    shared.signatures.map(async (v) => ({
      name: `ts:${v.name}`,
      publish_secret: v.publish_secret,
      body: v.body,
      ts: v.ts,
      signature: await signPublish(v.publish_secret, v.body, v.ts),
    })),
  );

  return { generator: 'packages/crypto/test/php-interop.test.ts', backend, envelopes, signatures };
}
