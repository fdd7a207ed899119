import type { ConnectionStatus } from '@wordpress/sync';
import { WordSocketClient } from '@wordsocket/client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';

import { fromWordSocketClient } from '../../src/client-adapter';
import type { YjsConnection } from '../../src/connection';
import { createWordSocketProviderCreator } from '../../src/wordpress';
import { until } from '../support/relay';
import { relayPerTest } from '../support/relay-suite';

const relay = relayPerTest();

async function watch(connection: YjsConnection) {
  const creator = createWordSocketProviderCreator({ connection });
  const ydoc = new Y.Doc();
  const result = await creator({ objectType: 'postType/post', objectId: '5', ydoc, Y });
  const statuses: Array<ConnectionStatus | null> = [];
  result.on('status', (status) => statuses.push(status));
  relay.defer(() => result.destroy());
  return statuses;
}

describe('editor status over the real client and relay', () => {
  it('reports authentication-failed when the relay keeps refusing the token', async () => {
    const client = new WordSocketClient({
      url: relay.local.url,
      getToken: () => 'not.a.token',
      WebSocket: WebSocket as never,
      transports: ['websocket'],
      reconnectDelay: 20,
      lifecycleEvents: false,
    });
    relay.defer(() => client.close());
    const statuses = await watch(fromWordSocketClient(client));
    client.connect();

    await until(() => client.state === 'halted', 'the client halts');
    const last = statuses.at(-1);
    expect(last?.status).toBe('disconnected');
    expect(last?.status === 'disconnected' && last.error?.code).toBe('authentication-failed');
    expect(last).not.toHaveProperty('willAutoRetryInMs');
  });

  it('reports a dropped socket as a retrying disconnect, then connected again', async () => {
    const test = relay.client();
    const statuses = await watch(test.connection);
    await until(() => statuses.at(-1)?.status === 'connected', 'connected');

    test.drop();
    await until(
      () => statuses.at(-1)?.status === 'connected' && statuses.length > 2,
      'connected again',
    );
    const retry = statuses.find((status) => status?.status === 'disconnected');

    expect(retry).toMatchObject({
      status: 'disconnected',
      consecutiveFailures: 1,
      backgroundRetriesFailed: false,
    });
    expect(retry?.status === 'disconnected' && retry.willAutoRetryInMs).toBeGreaterThan(0);
  });
});
