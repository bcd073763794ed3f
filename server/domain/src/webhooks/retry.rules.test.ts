import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextRetryAt, RETRY_WINDOW_MS } from './retry.rules.ts';

const now = new Date('2026-12-01T00:00:00Z');
const giveUpAt = new Date(now.getTime() + RETRY_WINDOW_MS);
const after = (attempts: number, random: number) => nextRetryAt(attempts, now, giveUpAt, () => random)!.getTime() - now.getTime();

describe('nextRetryAt', () => {
  describe('when the window is open', () => {
    it('doubles the delay per failure, between half and all of it, capped at 6 hours', () => {
      expect([1, 2, 3, 4].map((n) => after(n, 1))).toEqual([30_000, 60_000, 120_000, 240_000]);
      expect([1, 2, 3, 4].map((n) => after(n, 0))).toEqual([15_000, 30_000, 60_000, 120_000]);
      expect(after(30, 1)).toBe(6 * 3_600_000);
    });

    it('never schedules past the end of the window, and the jitter stays within bounds', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: RETRY_WINDOW_MS - 1 }), (attempts, random, elapsed) => {
          const at = new Date(now.getTime() + elapsed);
          const next = nextRetryAt(attempts, at, giveUpAt, () => random)!;
          expect(next.getTime()).toBeGreaterThan(at.getTime());
          expect(next.getTime()).toBeLessThanOrEqual(giveUpAt.getTime());
        }),
      );
    });
  });

  describe('when 3 days have passed', () => {
    it('gives up', () => {
      expect(nextRetryAt(5, giveUpAt, giveUpAt)).toBeNull();
    });
  });
});
