import { readFileSync } from 'node:fs';
import type { CryptoErrorCode } from '../../src/index.js';

/** The file PHP generated (test/php/vectors.php); the WordPress plugin reads it too. */
export interface SharedVectors {
  keys: {
    name: string;
    seed: string;
    site_key: string;
    channel?: string;
    bare_channel?: string;
    key_hex: string;
  }[];
  envelopes: {
    name: string;
    version: 1 | 2;
    seed: string;
    site_key: string;
    channel?: string;
    key_hex: string;
    event: string;
    data: unknown;
    ts?: number;
    id?: string;
    plaintext: string;
    message: unknown;
  }[];
  signatures: {
    name: string;
    publish_secret: string;
    body: string;
    ts: number;
    signature: string;
  }[];
  failures: {
    name: string;
    version: 1 | 2;
    channel?: string;
    key_hex: string;
    message: unknown;
    error: CryptoErrorCode;
  }[];
}

export const shared: SharedVectors = JSON.parse(
  readFileSync(new URL('../vectors/shared-vectors.json', import.meta.url), 'utf8'),
);
