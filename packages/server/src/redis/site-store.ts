import type { Site, SiteStore } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';

/**
 * Adds a site: fails when the key exists, else writes the record, the `site_id` index and the
 * creation-ordered set in one step. KEYS: record, id index, ordered set. ARGV: json, site_key,
 * created_at.
 */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
return 1
`;

/**
 * Sites in Redis, for clusters that want every node to see a registration at once without a
 * shared SQLite file. Records are JSON under `{prefix}site:{site_key}`, with an index from
 * `site_id` and a sorted set for listing in creation order.
 */
export class RedisSiteStore implements SiteStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async getByKey(siteKey: string): Promise<Site | undefined> {
    return parseSite(await this.#redis.get(this.#recordKey(siteKey)));
  }

  async getById(siteId: string): Promise<Site | undefined> {
    const siteKey = await this.#redis.get(this.#idKey(siteId));
    return siteKey === null ? undefined : this.getByKey(siteKey);
  }

  async create(site: Site): Promise<void> {
    const created = await this.#redis.eval(
      CREATE,
      3,
      this.#recordKey(site.site_key),
      this.#idKey(site.site_id),
      this.#listKey(),
      JSON.stringify(site),
      site.site_key,
      site.created_at,
    );
    if (created !== 1) throw new Error('a site with this site_key already exists');
  }

  async remove(siteKey: string): Promise<boolean> {
    const site = await this.getByKey(siteKey);
    if (!site) return false;

    const results = await this.#redis
      .multi()
      .del(this.#recordKey(siteKey))
      .del(this.#idKey(site.site_id))
      .zrem(this.#listKey(), siteKey)
      .exec();
    return results?.[0]?.[1] === 1;
  }

  async list(): Promise<Site[]> {
    const keys = await this.#redis.zrange(this.#listKey(), 0, -1);
    if (keys.length === 0) return [];

    const records = await this.#redis.mget(keys.map((key) => this.#recordKey(key)));
    return records.map(parseSite).filter((site): site is Site => site !== undefined);
  }

  #recordKey(siteKey: string): string {
    return `${this.#prefix}site:${siteKey}`;
  }

  #idKey(siteId: string): string {
    return `${this.#prefix}site-id:${siteId}`;
  }

  #listKey(): string {
    return `${this.#prefix}sites`;
  }
}

function parseSite(json: string | null): Site | undefined {
  return json === null ? undefined : (JSON.parse(json) as Site);
}
