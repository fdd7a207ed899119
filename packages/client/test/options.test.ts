import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WordSocketClient } from '../src/index.js';

const getToken = () => 'token';

describe('client options', () => {
  it('throws TypeError without a url', () => {
    expect(() => new WordSocketClient({ getToken } as never)).toThrow(TypeError);
  });

  it('throws TypeError without getToken', () => {
    expect(() => new WordSocketClient({ url: 'http://127.0.0.1:1' } as never)).toThrow(TypeError);
  });

  it('throws TypeError when no transport implementation exists', () => {
    expect(() => new WordSocketClient({ url: 'http://127.0.0.1:1', getToken })).toThrow(
      /transport/,
    );
  });

  it('starts idle and does nothing until connect()', () => {
    const client = new WordSocketClient({ url: 'http://127.0.0.1:1', getToken, WebSocket });

    expect(client.state).toBe('idle');
    expect(client.transport).toBeUndefined();
  });

  it('throws TypeError for a channel that is not a non-empty string', () => {
    const client = new WordSocketClient({ url: 'http://127.0.0.1:1', getToken, WebSocket });

    expect(() => client.subscribe('')).toThrow(TypeError);
    expect(() => client.subscribe(42 as never)).toThrow(TypeError);
    expect(() => client.publish('a', '', {})).toThrow(TypeError);
    expect(() => client.publishBinary('a', 'text' as never)).toThrow(TypeError);
    expect(() => client.setPresence('never-subscribed', {})).toThrow(TypeError);
  });

  it('rejects a publish over the offline queue limit with queue_full', async () => {
    const client = new WordSocketClient({
      url: 'http://127.0.0.1:1',
      getToken,
      WebSocket,
      maxQueue: 1,
    });
    const first = client.publish('a', 'e', 1);
    first.catch(() => undefined);

    await expect(client.publish('a', 'e', 2)).rejects.toMatchObject({ code: 'queue_full' });
  });
});
