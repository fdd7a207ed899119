import type { RelayOptions } from '@wordsocket/server-core';
import { afterEach, beforeEach } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

import type { YjsConnection } from '../../src/connection';
import type { YjsProviderError } from '../../src/errors';
import { YjsProvider, type YjsProviderOptions } from '../../src/provider';
import { connectClient, type LocalRelay, startRelay, type TestClient } from './relay';

type Cleanup = () => void | Promise<void>;

/** What {@link relayPerTest} gives an integration test file. */
export interface RelaySuite {
  /** The relay of the running test (started before each test, stopped after it). */
  readonly local: LocalRelay;
  /** Runs `cleanup` after the test, before the relay stops; later cleanups run first. */
  defer(cleanup: Cleanup): void;
  /** A real client on the relay, closed after the test (see {@link connectClient}). */
  client(userId?: string, transport?: 'websocket' | 'sse', wire?: Buffer[]): TestClient;
  /** A provider with a fresh document on `test`'s connection, destroyed after the test. */
  provider(test: TestClient, options: ProviderOptions): Peer;
  /** {@link RelaySuite.provider} with an Awareness too, destroyed after the provider. */
  editor(test: TestClient, options: EditorOptions): Editor;
}

export interface ProviderOptions
  extends Omit<YjsProviderOptions, 'connection' | 'doc' | 'awareness' | 'Y'> {
  /** The connection to use instead of `test.connection` (a wrapper around it, say). */
  connection?: YjsConnection;
}

export interface EditorOptions extends ProviderOptions {
  /** The awareness local state to set before the provider starts. */
  localState?: Record<string, unknown>;
}

export interface Peer {
  test: TestClient;
  doc: Y.Doc;
  provider: YjsProvider;
  /** Every error the provider emitted. */
  errors: YjsProviderError[];
}

export interface Editor extends Peer {
  awareness: Awareness;
}

/**
 * Registers, for the calling test file, a real relay on 127.0.0.1 started before each test and
 * stopped after it, once the cleanups the test deferred have run (last first).
 */
export function relayPerTest(options?: RelayOptions): RelaySuite {
  let local: LocalRelay | undefined;
  const cleanups: Cleanup[] = [];

  beforeEach(async () => {
    local = await startRelay(options);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      const pending = cleanup();
      if (pending) await pending;
    }
    await local?.stop();
  });

  const suite: RelaySuite = {
    get local() {
      if (!local) throw new Error('the relay runs only inside a test');
      return local;
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
    client(userId = '1', transport = 'websocket', wire) {
      const test = connectClient(suite.local, userId, transport, wire);
      cleanups.push(() => test.close());
      return test;
    },
    provider(test, options) {
      return open(test, options, undefined);
    },
    editor(test, { localState, ...options }) {
      const doc = new Y.Doc();
      const awareness = new Awareness(doc);
      if (localState) awareness.setLocalState(localState);
      return { ...open(test, options, awareness), awareness };
    },
  };

  function open(
    test: TestClient,
    options: ProviderOptions,
    awareness: Awareness | undefined,
  ): Peer {
    const { connection, ...rest } = options;
    const doc = awareness?.doc ?? new Y.Doc();
    const provider = new YjsProvider({
      connection: connection ?? test.connection,
      doc,
      awareness,
      Y,
      ...rest,
    });
    const errors: YjsProviderError[] = [];
    provider.on('error', (error) => errors.push(error));
    cleanups.push(() => {
      provider.destroy();
      awareness?.destroy();
    });
    return { test, doc, provider, errors };
  }

  return suite;
}
