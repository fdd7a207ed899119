import {
  type ChannelKey,
  type ClientEvents,
  type ClientState,
  type PresenceMember,
  type PublishAck,
  type TransportName,
  WordSocketClient,
  WordSocketError,
} from '@wordsocket/client';

import { grantsChannel, type TokenGrant, tokenGrant } from './claims';
import { bareChannel, granted, type WpSignalConfig } from './config';
import { Emitter } from './emitter';
import { RefusedError, WordPressApi } from './wordpress';

/** How many message positions are remembered to drop the copies two connections deliver. */
const SEEN_LIMIT = 1000;

/** How many times one subscription may replace the connection to get its grant. */
const MAX_WIDENINGS = 3;

/** How long channel requests are gathered before one token is minted for all of them, ms. */
const GATHER_MS = 20;

/** Collaboration rooms: sealed only with their own key, never with a v1 site-wide one. */
const ROOM_PREFIX = 'yjs:';

interface Wanted {
  presence: Record<string, unknown> | null;
}

/**
 * The page's one connection to the relay, shared by `window.WPS`, the admin app and the
 * block-editor collaboration.
 *
 * A browser token grants channel prefixes chosen when it is minted, and a page discovers channels
 * as it goes (the editor opens a collaboration room per entity it loads). A channel the current
 * token does not grant is first cleared with WordPress (the keys route, which checks the same
 * grants), then the connection is replaced by one whose token grants it: the new connection
 * subscribes every channel, and the old one stays open until the new one is connected, so no
 * JSON message is lost (copies delivered by both are dropped by position). Binary payloads that
 * arrive during the switch are dropped; every channel is announced `subscribed` again after it,
 * which makes Yjs providers resynchronise.
 *
 * It has the members `@wordsocket/yjs-provider`'s `fromWordSocketClient()` needs.
 */
export class Connection {
  readonly #config: WpSignalConfig;
  readonly #api: WordPressApi;
  readonly #events = new Emitter<ClientEvents>();
  readonly #wanted = new Map<string, Wanted>();
  readonly #extra = new Set<string>();
  readonly #keys: Record<string, string>;
  readonly #checks = new Map<string, Promise<void>>();
  readonly #seen = new Set<string>();
  readonly #live = new Set<WordSocketClient>();
  readonly #grants = new WeakMap<WordSocketClient, TokenGrant>();
  #client: WordSocketClient;
  #started = false;
  #regrant: Promise<void> | undefined;
  #batch: { channels: Set<string>; refused: Promise<string[]> } | undefined;

  constructor(config: WpSignalConfig) {
    this.#config = config;
    this.#api = new WordPressApi(config);
    this.#keys = { ...config.keys };
    for (const bare of config.grant) this.#extra.add(bare);
    this.#client = this.#create();
  }

  /** The state of the connection. */
  get state(): ClientState {
    return this.#client.state;
  }

  /** `'websocket'` or `'sse'` while connected. */
  get transport(): TransportName | undefined {
    return this.#client.transport;
  }

  /** The channels this page is subscribed to (confirmed or not). */
  get channels(): string[] {
    return [...this.#wanted.keys()];
  }

  /** Whether the site is connected to a relay at all. */
  get configured(): boolean {
    return this.#config.relayUrl !== '';
  }

  /** Listens to one of the client's events; returns a function that stops listening. */
  on<K extends keyof ClientEvents>(event: K, listener: (payload: ClientEvents[K]) => void) {
    return this.#events.on(event, listener);
  }

  /** Starts connecting, once. */
  start(): void {
    if (this.#started || !this.configured) return;

    this.#started = true;
    this.#client.connect();
  }

  /** Ends the connection and stops reconnecting; `start()` or a subscription opens it again. */
  close(): void {
    this.#started = false;
    for (const client of this.#live) {
      if (client !== this.#client) this.#live.delete(client);
      client.close();
    }
  }

  /**
   * Subscribes to a channel, after WordPress has cleared it for this user.
   *
   * @throws TypeError for an empty channel name
   * @returns a promise that rejects with a `WordSocketError` (`forbidden`, `invalid_channel`...)
   */
  async subscribe(channel: string): Promise<void> {
    if (typeof channel !== 'string' || channel === '') {
      throw new TypeError('channel must be a non-empty string');
    }
    if (!this.configured) {
      throw new WordSocketError('unauthorized', 'this site is not connected to a relay', {
        channel,
      });
    }
    if (!this.#wanted.has(channel)) this.#wanted.set(channel, { presence: null });

    const bare = bareChannel(channel, this.#config.siteId);
    try {
      await this.#allow(bare);
    } catch (error) {
      this.#wanted.delete(channel);
      throw error;
    }
    if (!this.#wanted.has(channel)) return;

    if (!this.#tokenGrants(bare)) this.#extra.add(bare);

    // A channel asked for while a replacement was already minting its token needs one more.
    let widenings = 0;
    for (;;) {
      const client = this.#client;
      const grant = this.#grants.get(client);
      if (grant === undefined || grantsChannel(grant, bare)) {
        this.start();
        try {
          return await client.subscribe(channel);
        } catch (error) {
          if (!this.#wanted.has(channel)) return;
          // The connection was replaced while it was asked; the replacement subscribed it too.
          if (client !== this.#client) continue;
          if (!(error instanceof WordSocketError) || error.code !== 'forbidden') {
            this.#wanted.delete(channel);
            throw error;
          }
        }
      }
      if (widenings === MAX_WIDENINGS) {
        this.#wanted.delete(channel);
        throw new WordSocketError('forbidden', `no token granted ${channel}`, { channel });
      }

      widenings += 1;
      await this.#widen();
      if (!this.#wanted.has(channel)) return;
    }
  }

  /** Leaves a channel (and its presence). */
  unsubscribe(channel: string): void {
    this.#wanted.delete(channel);
    this.#extra.delete(bareChannel(channel, this.#config.siteId));
    this.#client.unsubscribe(channel);
  }

  /** Publishes a JSON message; resolves with the relay's ack. */
  publish(channel: string, event: string, data: unknown): Promise<PublishAck> {
    this.start();
    return this.#client.publish(channel, event, data);
  }

  /** Publishes a binary payload to the channel's other subscribers. */
  publishBinary(channel: string, data: Uint8Array): Promise<void> {
    this.start();
    return this.#client.publishBinary(channel, data);
  }

  /** Joins, updates or (with null) leaves a subscribed channel's presence set. */
  setPresence(channel: string, state: Record<string, unknown> | null): void {
    const wanted = this.#wanted.get(channel);
    if (wanted) wanted.presence = state;
    this.#client.setPresence(channel, state);
  }

  /** The presence members of a channel, as last reported. */
  members(channel: string): PresenceMember[] {
    return this.#client.members(channel);
  }

  /**
   * The key of a channel the page already holds, for code that decrypts on its own. On a v1
   * site, channels share the site-wide key (`*`); a collaboration room (`yjs:`) never does: it
   * has only its own key, which WordPress hands to users who may edit the room.
   */
  key(bare: string): string | undefined {
    const own = this.#keys[bare];
    if (own !== undefined || bare.startsWith(ROOM_PREFIX)) return own;
    return this.#keys['*'];
  }

  /**
   * The key of a channel (base64), asking WordPress's keys route when the page does not hold it
   * yet; undefined when this user may not read the channel or WordPress cannot be reached. The
   * collaboration seals its rooms with it.
   */
  async channelKey(bare: string): Promise<string | undefined> {
    const known = this.key(bare);
    if (known !== undefined) return known;

    await this.#allow(bare).catch(() => undefined);
    return this.key(bare);
  }

  #create(): WordSocketClient {
    const client: WordSocketClient = new WordSocketClient({
      url: this.#config.relayUrl || 'http://127.0.0.1',
      getToken: () => this.#token(client),
      getChannelKey: (bare): Promise<ChannelKey> => this.channelKey(bare),
      transports: this.#config.forceSse ? ['sse'] : ['websocket', 'sse'],
    });
    this.#live.add(client);

    const active = () => client === this.#client;
    const forward = <K extends keyof ClientEvents>(event: K) =>
      client.on(event, (payload) => {
        if (active()) this.#events.emit(event, payload);
      });
    for (const event of [
      'state',
      'transport',
      'binary',
      'error',
      'presence',
      'ack',
      'gap',
    ] as const) {
      forward(event);
    }
    forward('subscribed');
    forward('unsubscribed');
    client.on('message', (message) => {
      if (!this.#live.has(client)) return;
      if (message.id !== undefined && this.#repeated(`${message.channel}\n${message.id}`)) return;

      this.#events.emit('message', message);
    });

    return client;
  }

  #repeated(key: string): boolean {
    if (this.#seen.has(key)) return true;

    this.#seen.add(key);
    if (this.#seen.size > SEEN_LIMIT) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return false;
  }

  /** Mints the token of `client`, granting every channel cleared so far. */
  async #token(client: WordSocketClient): Promise<string | null> {
    try {
      const answer = await this.#api.token([...this.#extra]);
      Object.assign(this.#keys, answer.keys);
      this.#grants.set(client, tokenGrant(answer.token));
      return answer.token;
    } catch (error) {
      if (!(error instanceof RefusedError)) throw error;
      if (error.code !== 'forbidden' || this.#extra.size === 0) return null;

      // A channel granted earlier is no longer readable (a role changed): ask without it.
      const { refused } = await this.#api.keys([...this.#extra]);
      if (refused.length === 0) return null;
      for (const bare of refused) this.#extra.delete(bare);
      return this.#token(client);
    }
  }

  /** Whether every token of this user grants the channel without being asked for it. */
  #tokenGrants(bare: string): boolean {
    return granted(bare, this.#config.prefixes) || this.#config.exact.includes(bare);
  }

  /** Clears a channel with WordPress (and fetches its key), gathering requests made together. */
  #allow(bare: string): Promise<void> {
    const cleared = this.#tokenGrants(bare) || this.#config.grant.includes(bare);
    if (this.key(bare) !== undefined && cleared) {
      return Promise.resolve();
    }

    let check = this.#checks.get(bare);
    if (!check) {
      check = this.#askKeys(bare);
      this.#checks.set(bare, check);
      check.catch(() => this.#checks.delete(bare));
    }
    return check;
  }

  async #askKeys(bare: string): Promise<void> {
    if (!this.#batch) {
      const channels = new Set<string>();
      const refused = new Promise((resolve) => setTimeout(resolve, GATHER_MS)).then(async () => {
        this.#batch = undefined;
        const answer = await this.#api.keys([...channels]);
        Object.assign(this.#keys, answer.keys);
        return answer.refused;
      });
      this.#batch = { channels, refused };
    }
    const batch = this.#batch;
    batch.channels.add(bare);

    let refused: string[];
    try {
      refused = await batch.refused;
    } catch (error) {
      throw new WordSocketError('forbidden', 'WordPress did not clear the channel', {
        channel: bare,
        cause: error,
      });
    }
    if (refused.includes(bare)) {
      throw new WordSocketError('forbidden', `this user may not read ${bare}`, { channel: bare });
    }
  }

  /** Replaces the connection by one whose token also grants the channels asked for since. */
  #widen(): Promise<void> {
    this.#regrant ??= new Promise((resolve) => setTimeout(resolve, GATHER_MS))
      .then(() => this.#replace())
      .finally(() => {
        this.#regrant = undefined;
      });
    return this.#regrant;
  }

  async #replace(): Promise<void> {
    const previous = this.#client;
    const next = this.#create();
    for (const channel of this.#wanted.keys()) next.subscribe(channel).catch(() => undefined);

    await new Promise<void>((resolve, reject) => {
      const off = next.on('state', ({ state, reason }) => {
        if (state === 'connected') {
          off();
          resolve();
        } else if (state === 'halted') {
          off();
          reject(new WordSocketError('token_rejected', `the new connection halted (${reason})`));
        }
      });
      next.connect();
    }).catch((error: unknown) => {
      this.#live.delete(next);
      next.close();
      throw error;
    });

    this.#client = next;
    this.#live.delete(previous);
    previous.close();

    for (const channel of next.channels) {
      if (!this.#wanted.has(channel)) next.unsubscribe(channel);
    }
    for (const [channel, wanted] of this.#wanted) {
      if (wanted.presence) next.setPresence(channel, wanted.presence);
      if (next.channels.includes(channel)) {
        this.#events.emit('subscribed', { channel, recovered: undefined });
      }
    }
  }
}
