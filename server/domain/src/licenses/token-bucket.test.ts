import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from './token-bucket.ts';

const start = new Date('2025-01-01T00:00:00Z');
const after = (ms: number) => new Date(start.getTime() + ms);

describe('TokenBucketLimiter', () => {
  describe('when a key uses its whole burst', () => {
    it('allows exactly the capacity, then refuses with the seconds until the next token', () => {
      const limiter = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 0.5 });
      const answers = [1, 2, 3, 4].map(() => limiter.take('k', start));
      expect(answers.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
      expect(answers[3]).toEqual({ allowed: false, retryAfterSeconds: 2 });
    });
  });

  describe('when time passes', () => {
    it('refills at the given rate and never above the capacity', () => {
      const limiter = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 1 });
      limiter.take('k', start);
      limiter.take('k', start);
      expect(limiter.take('k', after(500)).allowed).toBe(false);
      expect(limiter.take('k', after(1000)).allowed).toBe(true);
      // An hour later the bucket holds 2, not 3600.
      expect([1, 2, 3].map(() => limiter.take('k', after(3_600_000)).allowed)).toEqual([true, true, false]);
    });
  });

  describe('when the clock goes backwards', () => {
    it('adds no tokens', () => {
      const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 1 });
      limiter.take('k', after(10_000));
      expect(limiter.take('k', start).allowed).toBe(false);
    });
  });

  describe('when several keys are used', () => {
    it('keeps a bucket per key', () => {
      const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 1 });
      expect(limiter.take('a', start).allowed).toBe(true);
      expect(limiter.take('b', start).allowed).toBe(true);
      expect(limiter.take('a', start).allowed).toBe(false);
    });

    it('drops the least recently used buckets beyond maxKeys', () => {
      const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0.001, maxKeys: 2 });
      limiter.take('a', start);
      limiter.take('b', start);
      limiter.take('c', start);
      // 'a' was dropped and starts full again; 'c' is still empty.
      expect(limiter.take('a', start).allowed).toBe(true);
      expect(limiter.take('c', start).allowed).toBe(false);
    });
  });
});
