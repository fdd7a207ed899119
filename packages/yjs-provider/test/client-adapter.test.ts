import { describe, expect, it } from 'vitest';

import {
  type ClientEventsSubset,
  fromWordSocketClient,
  type WordSocketClientLike,
} from '../src/client-adapter';
import type { ChannelHandlers, ConnectionState } from '../src/connection';

/** A stand-in for WordSocketClient with the members the adapter uses, recording every call. */
class FakeClient implements WordSocketClientLike {
  state: ConnectionState = 'idle';
  readonly calls: string[] = [];
  readonly listeners = new Map<string, Set<(payload: never) => void>>();
  publishOutcome: Promise<void> = Promise.resolve();

  on<K extends keyof ClientEventsSubset>(
    event: K,
    listener: (payload: ClientEventsSubset[K]) => void,
  ): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends keyof ClientEventsSubset>(event: K, payload: ClientEventsSubset[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (payload: ClientEventsSubset[K]) => void)(payload);
    }
  }

  get listenerCount(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }

  subscribe(channel: string): Promise<void> {
    this.calls.push(`subscribe ${channel}`);
    return Promise.resolve();
  }

  unsubscribe(channel: string): void {
    this.calls.push(`unsubscribe ${channel}`);
  }

  publishBinary(channel: string): Promise<void> {
    this.calls.push(`publish ${channel}`);
    return this.publishOutcome;
  }

  setPresence(channel: string, state: Record<string, unknown> | null): void {
    this.calls.push(`presence ${channel} ${JSON.stringify(state)}`);
  }
}

function recorder(): ChannelHandlers & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    onBinary: (payload) => seen.push(`binary ${payload.length}`),
    onSubscribed: () => seen.push('subscribed'),
    onRefused: (code) => seen.push(`refused ${code}`),
    onLoss: () => seen.push('loss'),
    onPeerLeft: (state) => seen.push(`left ${JSON.stringify(state)}`),
  };
}

function stateChange(state: ConnectionState, code = 0, delay?: number) {
  return { state, code, reason: state === 'connected' ? 'ready' : 'transport_closed', delay };
}

describe('fromWordSocketClient', () => {
  it('counts failed attempts and passes the retry delay and close code on', () => {
    const client = new FakeClient();
    const connection = fromWordSocketClient(client);
    client.emit('state', stateChange('connected'));
    client.emit('state', stateChange('reconnecting', 1006, 800));
    client.emit('state', stateChange('connecting'));
    client.emit('state', stateChange('reconnecting', 1006, 1600));

    expect(connection.snapshot()).toEqual({
      state: 'reconnecting',
      attempt: 2,
      retryInMs: 1600,
      closeCode: 1006,
      reason: 'transport_closed',
    });

    client.emit('state', stateChange('connected'));
    expect(connection.snapshot()).toMatchObject({ state: 'connected', attempt: 0 });
  });

  it('subscribes a channel once for several providers and leaves it after the last', () => {
    const client = new FakeClient();
    const connection = fromWordSocketClient(client);
    const leaveA = connection.subscribeChannel('yjs:a:1', recorder());
    const leaveB = connection.subscribeChannel('yjs:a:1', recorder());
    leaveA();
    expect(client.calls).toEqual(['subscribe yjs:a:1']);

    leaveB();
    expect(client.calls).toEqual(['subscribe yjs:a:1', 'unsubscribe yjs:a:1']);
  });

  it('routes binary payloads and subscriptions to the channel they name', () => {
    const client = new FakeClient();
    const connection = fromWordSocketClient(client);
    const mine = recorder();
    const other = recorder();
    connection.subscribeChannel('yjs:a:1', mine);
    connection.subscribeChannel('yjs:a:2', other);
    client.emit('subscribed', { channel: 'yjs:a:1' });
    client.emit('binary', { channel: 'yjs:a:1', data: new Uint8Array(3) });

    expect(mine.seen).toEqual(['subscribed', 'binary 3']);
    expect(other.seen).toEqual([]);
  });

  it('tells every channel about a rate-limited frame', () => {
    const client = new FakeClient();
    const connection = fromWordSocketClient(client);
    const a = recorder();
    const b = recorder();
    connection.subscribeChannel('yjs:a:1', a);
    connection.subscribeChannel('yjs:a:2', b);
    client.emit('error', { code: 'forbidden', channel: 'yjs:a:3' });
    client.emit('error', { code: 'rate_limited' });

    expect([a.seen, b.seen]).toEqual([['loss'], ['loss']]);
  });

  it('reports the presence state of a member that left', () => {
    const client = new FakeClient();
    const connection = fromWordSocketClient(client);
    const handlers = recorder();
    connection.subscribeChannel('yjs:a:1', handlers);
    client.emit('presence', {
      channel: 'yjs:a:1',
      action: 'join',
      member: { state: { yjsClients: [1] } },
    });
    client.emit('presence', {
      channel: 'yjs:a:1',
      action: 'leave',
      member: { state: { yjsClients: [1] } },
    });

    expect(handlers.seen).toEqual(['left {"yjsClients":[1]}']);
  });

  it('reads the presence states of the channel members from the client', () => {
    const client = new FakeClient();
    const members = [{ state: { yjsClients: [1] } }, { state: null }];
    const withMembers = Object.assign(client, { members: () => members });
    const connection = fromWordSocketClient(withMembers);

    expect(connection.memberStates?.('yjs:a:1')).toEqual([{ yjsClients: [1] }, null]);
    expect(fromWordSocketClient(new FakeClient()).memberStates?.('yjs:a:1')).toEqual([]);
  });

  it('reports a refused subscription with the relay code', async () => {
    const client = new FakeClient();
    client.subscribe = () => Promise.reject(Object.assign(new Error('no'), { code: 'forbidden' }));
    const connection = fromWordSocketClient(client);
    const handlers = recorder();
    connection.subscribeChannel('yjs:a:1', handlers);
    await Promise.resolve();
    await Promise.resolve();

    expect(handlers.seen).toEqual(['refused forbidden']);
  });

  it('hands a failed binary publish to onPublishFailure instead of leaving it unhandled', async () => {
    const client = new FakeClient();
    const failures: string[] = [];
    client.publishOutcome = Promise.reject(
      Object.assign(new Error('lost'), { code: 'connection_lost' }),
    );
    const connection = fromWordSocketClient(client, {
      onPublishFailure: (error, channel) =>
        failures.push(`${(error as { code: string }).code} ${channel}`),
    });
    connection.publishBinary('yjs:a:1', new Uint8Array(1));
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(failures).toEqual(['connection_lost yjs:a:1']);
  });

  it('announces presence only on channels it subscribed', () => {
    const client = new FakeClient();
    const connection = fromWordSocketClient(client);
    connection.announce?.('yjs:a:1', { yjsClients: [5] });
    connection.subscribeChannel('yjs:a:1', recorder());
    connection.announce?.('yjs:a:1', { yjsClients: [5] });

    expect(client.calls).toEqual(['subscribe yjs:a:1', 'presence yjs:a:1 {"yjsClients":[5]}']);
  });

  it('removes every listener it put on the client when released', () => {
    const client = new FakeClient();
    const connection = fromWordSocketClient(client);
    expect(client.listenerCount).toBeGreaterThan(0);

    connection.release();

    expect(client.listenerCount).toBe(0);
  });
});
