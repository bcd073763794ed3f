import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { connectRedis, type RedisConnection } from '../redis/connect-redis.ts';
import { SharedVerifiedApiKeys } from './shared-verified-api-keys.ts';

// Needs the local Redis (CI starts one; see README). A prefix of this run's own keeps other runs' keys apart.
const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const prefix = `lb-test:${randomBytes(4).toString('hex')}:`;
const viewer = { kind: 'apiKey' as const, apiKeyId: 7, partnerId: 1, scopes: new Set(['leases:read' as const]), label: 'api-key:lbk_x' };
const now = new Date('2025-01-01T00:00:00Z');

let redis: RedisConnection;
let other: RedisConnection;
beforeAll(async () => {
  redis = await connectRedis(redisUrl, silentLogger);
  other = await connectRedis(redisUrl, silentLogger);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  other.disconnect();
});

describe('SharedVerifiedApiKeys', () => {
  describe('when one process verified a key', () => {
    it('returns the same viewer to another process, scopes included', async () => {
      await new SharedVerifiedApiKeys(redis, silentLogger, { prefix }).remember('h1', viewer, null, now);
      expect(await new SharedVerifiedApiKeys(other, silentLogger, { prefix }).get('h1', now)).toEqual(viewer);
    });
  });

  describe('when the key expires before the entry does', () => {
    it('misses from the key expiry on', async () => {
      const cache = new SharedVerifiedApiKeys(redis, silentLogger, { prefix });
      await cache.remember('h2', { ...viewer, apiKeyId: 8 }, new Date('2025-01-01T00:00:05Z'), now);
      expect(await cache.get('h2', new Date('2025-01-01T00:00:04Z'))).not.toBeNull();
      expect(await cache.get('h2', new Date('2025-01-01T00:00:05Z'))).toBeNull();
    });
  });

  describe('when another process revokes the key', () => {
    it('misses at once, and a look-up that started before the revocation cannot put it back', async () => {
      const here = new SharedVerifiedApiKeys(redis, silentLogger, { prefix });
      const there = new SharedVerifiedApiKeys(other, silentLogger, { prefix });
      await here.remember('h3', { ...viewer, apiKeyId: 9 }, null, now);
      await there.forget(9);
      expect(await here.get('h3', now)).toBeNull();
      await here.remember('h3', { ...viewer, apiKeyId: 9 }, null, now);
      expect(await here.get('h3', now)).toBeNull();
    });
  });

  describe('when the time-to-live runs out', () => {
    it('misses', async () => {
      const cache = new SharedVerifiedApiKeys(redis, silentLogger, { prefix, ttlMs: 50 });
      await cache.remember('h4', { ...viewer, apiKeyId: 10 }, null, now);
      expect(await cache.get('h4', now)).not.toBeNull();
      await new Promise((done) => setTimeout(done, 120));
      expect(await cache.get('h4', now)).toBeNull();
    });
  });

  describe('when Redis is unreachable', () => {
    it('misses instead of failing, so the database answers', async () => {
      const gone = await connectRedis(redisUrl, silentLogger);
      gone.disconnect();
      const cache = new SharedVerifiedApiKeys(gone, silentLogger, { prefix });
      await cache.remember('h5', viewer, null, now);
      expect(await cache.get('h5', now)).toBeNull();
    });
  });
});

describe('connectRedis', () => {
  describe('when nothing listens at REDIS_URL', () => {
    it('rejects with one line naming REDIS_URL, without the password', async () => {
      await expect(connectRedis('redis://:secret@127.0.0.1:1', silentLogger)).rejects.toThrow(/^Cannot connect to REDIS_URL redis:\/\/127\.0\.0\.1:1: /);
    });
  });
});
