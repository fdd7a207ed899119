import { describe, expect, it } from 'vitest';
import { RedisConnectCodes } from '../src/redis/connect-codes.js';
import { RedisReplayCache } from '../src/redis/replay-cache.js';
import { RedisSiteStore } from '../src/redis/site-store.js';
import { redisAvailable, useRedisPrefix } from './support/redis.js';
import { makeSite } from './support/sites.js';

describe.runIf(redisAvailable)('Redis stores', () => {
  const { redis, prefix } = useRedisPrefix();

  describe('RedisReplayCache', () => {
    it('accepts a signature once and refuses it again within the TTL', async () => {
      const cache = new RedisReplayCache(redis(), prefix());

      expect(await cache.remember('sig', 60_000)).toBe(true);
      expect(await cache.remember('sig', 60_000)).toBe(false);
    });

    it('gives exactly one of two concurrent callers true', async () => {
      const a = new RedisReplayCache(redis(), prefix());
      const b = new RedisReplayCache(redis(), prefix());

      const results = await Promise.all([a.remember('race', 60_000), b.remember('race', 60_000)]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('forgets a signature after its TTL', async () => {
      const cache = new RedisReplayCache(redis(), prefix());
      await cache.remember('short', 20);
      await new Promise((resolve) => setTimeout(resolve, 60));

      expect(await cache.remember('short', 20)).toBe(true);
    });
  });

  describe('RedisSiteStore', () => {
    it('finds a created site by key and by id', async () => {
      const store = new RedisSiteStore(redis(), prefix());
      const site = makeSite();
      await store.create(site);

      expect(await store.getByKey(site.site_key)).toEqual(site);
      expect(await store.getById(site.site_id)).toEqual(site);
    });

    it('throws when the site_key already exists', async () => {
      const store = new RedisSiteStore(redis(), prefix());
      const site = makeSite();
      await store.create(site);

      await expect(store.create(site)).rejects.toThrow(/already exists/);
    });

    it('removes a site with its index and says whether one was removed', async () => {
      const store = new RedisSiteStore(redis(), prefix());
      const site = makeSite();
      await store.create(site);

      expect(await store.remove(site.site_key)).toBe(true);
      expect(await store.remove(site.site_key)).toBe(false);
      expect(await store.getById(site.site_id)).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('lists sites in creation order', async () => {
      const store = new RedisSiteStore(redis(), prefix());
      const late = makeSite({ created_at: 2000 });
      const early = makeSite({ created_at: 1000 });
      await store.create(late);
      await store.create(early);

      expect((await store.list()).map((s) => s.site_key)).toEqual([early.site_key, late.site_key]);
    });
  });

  describe('RedisConnectCodes', () => {
    const grant = { site_key: 'k', callback_url: 'https://x.test/cb', code_challenge: 'c' };

    it('returns a grant once, from any node', async () => {
      const a = new RedisConnectCodes(redis(), prefix());
      const b = new RedisConnectCodes(redis(), prefix());
      await a.put('code', { ...grant, expires_at: Date.now() + 60_000 });

      expect(await b.take('code')).toMatchObject(grant);
      expect(await a.take('code')).toBeUndefined();
    });

    it('treats an expired code as void', async () => {
      let now = 1000;
      const codes = new RedisConnectCodes(redis(), prefix(), () => now);
      await codes.put('old', { ...grant, expires_at: 61_000 });
      now = 61_000;

      expect(await codes.take('old')).toBeUndefined();
    });
  });
});
