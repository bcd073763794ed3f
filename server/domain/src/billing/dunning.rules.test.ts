import { describe, expect, it } from 'vitest';
import { nextDunningStep } from './dunning.rules.ts';

const first = new Date('2025-02-01T00:05:00Z');

describe('nextDunningStep', () => {
  describe('when soft declines pile up', () => {
    it('returns retries 1, 3, 7 and 14 days after the first failure, then past due', () => {
      const steps = [1, 2, 3, 4, 5].map((failedScheduled) => nextDunningStep({ firstFailedAt: first, failedScheduled, hardDecline: false }));
      expect(steps).toEqual([
        { kind: 'retry', at: new Date('2025-02-02T00:05:00Z') },
        { kind: 'retry', at: new Date('2025-02-04T00:05:00Z') },
        { kind: 'retry', at: new Date('2025-02-08T00:05:00Z') },
        { kind: 'retry', at: new Date('2025-02-15T00:05:00Z') },
        { kind: 'past-due' },
      ]);
    });
  });

  describe('when the decline is hard', () => {
    it('returns past due at once', () => {
      expect(nextDunningStep({ firstFailedAt: first, failedScheduled: 1, hardDecline: true })).toEqual({ kind: 'past-due' });
    });
  });
});
