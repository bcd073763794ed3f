import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryRateLimitStore, RedisRateLimitStore, type Backoff, type RateLimitStore } from './rate-limit-store.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
afterAll(() => redis.quit());

const start = Date.parse('2025-01-01T00:00:00Z');
const backoff: Backoff = { free: 2, baseMs: 1_000, capMs: 4_000, forgetAfterMs: 60_000 };

const stores: [string, () => RateLimitStore][] = [
  ['in memory', () => new MemoryRateLimitStore()],
  ['in Redis', () => new RedisRateLimitStore(redis, `leaseboard:test:${randomUUID()}:`)],
];

describe.each(stores)('RateLimitStore %s', (_name, make) => {
  describe('take', () => {
    it('allows exactly the capacity, then refuses with the seconds until the points are back', async () => {
      const store = make();
      const bucket = { capacity: 3, refillPerSecond: 0.5 };
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await store.take('k', 1, bucket, start));
      expect(answers.map((a) => a.allowed)).toEqual([true, true, true, false]);
      expect(answers[3]).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 2 });
    });

    it('refills at the given rate, never above the capacity, and not when the clock goes back', async () => {
      const store = make();
      const bucket = { capacity: 2, refillPerSecond: 1 };
      await store.take('k', 2, bucket, start);
      expect((await store.take('k', 1, bucket, start + 500)).allowed).toBe(false);
      expect((await store.take('k', 1, bucket, start - 10_000)).allowed).toBe(false);
      expect((await store.take('k', 1, bucket, start + 1_000)).allowed).toBe(true);
      const later = [];
      for (let i = 0; i < 3; i++) later.push((await store.take('k', 1, bucket, start + 3_600_000)).allowed);
      expect(later).toEqual([true, true, false]);
    });

    it('keeps a bucket per key', async () => {
      const store = make();
      const bucket = { capacity: 1, refillPerSecond: 1 };
      expect((await store.take('a', 1, bucket, start)).allowed).toBe(true);
      expect((await store.take('b', 1, bucket, start)).allowed).toBe(true);
      expect((await store.take('a', 1, bucket, start)).allowed).toBe(false);
    });
  });

  describe('attempt', () => {
    it('allows the free attempts at once, then waits 1, 2, 4 s after each one, capped', async () => {
      const store = make();
      expect(await store.attempt('k', backoff, start)).toEqual({ allowed: true, attempts: 1, retryAfterMs: 0 });
      expect(await store.attempt('k', backoff, start)).toEqual({ allowed: true, attempts: 2, retryAfterMs: 0 });
      expect(await store.attempt('k', backoff, start + 400)).toEqual({ allowed: false, attempts: 2, retryAfterMs: 600 });
      let at = start + 1_000;
      const waits = [];
      for (let i = 0; i < 4; i++) {
        expect((await store.attempt('k', backoff, at)).allowed).toBe(true);
        const refused = await store.attempt('k', backoff, at);
        waits.push(refused.retryAfterMs);
        at += refused.retryAfterMs;
      }
      expect(waits).toEqual([2_000, 4_000, 4_000, 4_000]);
    });

    it('forgets the attempts after forgetAfterMs without one, and at clear', async () => {
      const store = make();
      for (let i = 0; i < 3; i++) await store.attempt('k', backoff, start + i * 1_000);
      expect((await store.attempt('k', backoff, start + 2_500)).allowed).toBe(false);
      expect(await store.attempt('k', backoff, start + 2_000 + 60_000)).toEqual({ allowed: true, attempts: 1, retryAfterMs: 0 });
      await store.attempt('k', backoff, start + 62_000);
      expect(await store.clear('k')).toBe(2);
      expect(await store.clear('k')).toBe(0);
      expect(await store.attempt('k', backoff, start + 62_000)).toEqual({ allowed: true, attempts: 1, retryAfterMs: 0 });
    });
  });
});

describe('MemoryRateLimitStore', () => {
  it('drops the least recently used keys beyond maxKeys', async () => {
    const store = new MemoryRateLimitStore(2);
    const bucket = { capacity: 1, refillPerSecond: 0.001 };
    for (const key of ['a', 'b', 'c']) await store.take(key, 1, bucket, start);
    expect((await store.take('a', 1, bucket, start)).allowed).toBe(true);
    expect((await store.take('c', 1, bucket, start)).allowed).toBe(false);
  });
});
