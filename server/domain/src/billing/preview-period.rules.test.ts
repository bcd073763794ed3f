import { describe, expect, it } from 'vitest';
import type { BillingItem } from './billing.types.ts';
import { previewPeriod } from './preview-period.rules.ts';

const lease: BillingItem = {
  id: 'L1',
  segments: [{ from: '2024-12-01T00:00:00Z', to: null, sku: 'BASIC', priceCents: 10_000 }],
};

describe('previewPeriod', () => {
  describe('when a lease runs all month and now is January 10 at 09:00Z', () => {
    const preview = previewPeriod([lease], new Date('2025-01-10T09:00:00Z'));

    it('returns the month containing now', () => {
      expect(preview.period).toBe('2025-01');
    });

    it('returns month-to-date for 10 days, today included (10000 × 10 / 28)', () => {
      expect(preview.monthToDate.lines).toEqual([
        expect.objectContaining({ days: 10, divisor: 28, fromDate: '2025-01-01', toDate: '2025-01-10', amountCents: 3571 }),
      ]);
      expect(preview.monthToDate.totalCents).toBe(3571);
    });

    it('returns the full monthly price as projected', () => {
      expect(preview.projected.totalCents).toBe(10_000);
    });
  });

  describe('when an upgrade is already scheduled later in the month', () => {
    const scheduled: BillingItem = {
      id: 'L1',
      segments: [
        { from: '2024-12-01T00:00:00Z', to: '2025-01-15T12:00:00Z', sku: 'BASIC', priceCents: 10_000 },
        { from: '2025-01-15T12:00:00Z', to: null, sku: 'PRO', priceCents: 20_000 },
      ],
    };
    const preview = previewPeriod([scheduled], '2025-01-10T09:00:00Z');

    it('returns month-to-date without the upgrade', () => {
      expect(preview.monthToDate.lines.map((line) => line.sku)).toEqual(['BASIC']);
    });

    it('returns the projection with the upgrade (4516 + 10968)', () => {
      expect(preview.projected.totalCents).toBe(15_484);
    });
  });

  describe('when a lease started earlier today', () => {
    it('returns today as one month-to-date day', () => {
      const startedToday: BillingItem = {
        id: 'L1',
        segments: [{ from: '2025-01-10T08:00:00Z', to: null, sku: 'BASIC', priceCents: 10_000 }],
      };
      expect(previewPeriod([startedToday], '2025-01-10T09:00:00Z').monthToDate.lines).toEqual([
        expect.objectContaining({ days: 1, amountCents: 357 }),
      ]);
    });
  });

  describe('when now is the last millisecond of the month', () => {
    it('returns month-to-date equal to the projection', () => {
      const preview = previewPeriod([lease], '2025-01-31T23:59:59.999Z');
      expect(preview.monthToDate).toEqual(preview.projected);
    });
  });

  describe('when now is exactly 00:00Z on the 1st', () => {
    it('returns nothing month-to-date', () => {
      expect(previewPeriod([lease], '2025-02-01T00:00:00Z').monthToDate).toEqual({
        period: '2025-02',
        lines: [],
        totalCents: 0,
      });
    });
  });

  describe('when an item is invalid', () => {
    it('throws BillingInputError with the path into items', () => {
      const overlapping: BillingItem = {
        id: 'L1',
        segments: [lease.segments[0]!, { from: '2025-01-05T00:00:00Z', to: null, sku: 'PRO', priceCents: 20_000 }],
      };
      expect(() => previewPeriod([overlapping], '2025-01-10T09:00:00Z')).toThrow(
        expect.objectContaining({ code: 'OVERLAPPING_SEGMENTS', path: 'items[0].segments[1]' }),
      );
    });
  });

  describe('when now is not a valid instant', () => {
    it('throws INVALID_INSTANT at path "now"', () => {
      expect(() => previewPeriod([lease], '2025-01-10 09:00')).toThrow(
        expect.objectContaining({ code: 'INVALID_INSTANT', path: 'now' }),
      );
    });
  });
});
