import { afterEach } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

import type { YjsProviderError } from '../../src/errors';
import { YjsProvider, type YjsProviderOptions } from '../../src/provider';
import type { MemoryConnection, MemoryHub } from './memory-hub';

/** A provider with its own document and awareness on a connection of a {@link MemoryHub}. */
export interface HubPeer {
  doc: Y.Doc;
  awareness: Awareness;
  connection: MemoryConnection;
  provider: YjsProvider;
  errors: YjsProviderError[];
}

/**
 * Returns a `peer(hub, options, prepare)` that joins `channel` on the hub (`prepare` sees the
 * document before the provider does), and registers, for the calling test file, an `afterEach`
 * that destroys every peer made during the test.
 */
export function hubPeers(channel: string) {
  const cleanups: Array<() => void> = [];

  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  return function peer(
    hub: MemoryHub,
    options: Partial<YjsProviderOptions> = {},
    prepare?: (doc: Y.Doc) => void,
  ): HubPeer {
    const doc = new Y.Doc();
    prepare?.(doc);
    const awareness = new Awareness(doc);
    const connection = hub.connect();
    const provider = new YjsProvider({ connection, channel, doc, awareness, Y, ...options });
    const errors: YjsProviderError[] = [];
    provider.on('error', (error) => errors.push(error));
    cleanups.push(() => {
      provider.destroy();
      awareness.destroy();
      doc.destroy();
    });
    return { doc, awareness, connection, provider, errors };
  };
}

/**
 * A sender `pa` (document `a`) and a receiver `pb` (document `b` with `awareness`) on a fresh hub,
 * both made with `options`, for feeding the receiver raw payloads through `receiver`; `errors`
 * holds the codes the receiver reported. `destroy()` ends both providers and the awareness.
 */
export function senderAndReceiver(
  hub: MemoryHub,
  channel: string,
  options: Partial<YjsProviderOptions> = {},
) {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const awareness = new Awareness(b);
  const sender = hub.connect();
  const receiver = hub.connect();
  const pa = new YjsProvider({ connection: sender, channel, doc: a, Y, ...options });
  const pb = new YjsProvider({ connection: receiver, channel, doc: b, awareness, Y, ...options });
  const errors: string[] = [];
  pb.on('error', (error) => errors.push(error.code));
  return {
    a,
    b,
    awareness,
    receiver,
    pa,
    pb,
    errors,
    destroy() {
      pa.destroy();
      pb.destroy();
      awareness.destroy();
    },
  };
}
