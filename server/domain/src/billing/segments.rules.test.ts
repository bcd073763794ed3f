import { describe, expect, it } from 'vitest';
import type { BillingItem, BillingSegment } from './billing.types.ts';
import { billPeriod } from './proration.rules.ts';
import { MAX_PRICE_CENTS } from './segments.rules.ts';

const valid = (overrides: Partial<BillingSegment> = {}): BillingSegment => ({
  from: '2025-01-01T00:00:00Z',
  to: null,
  sku: 'BASIC',
  priceCents: 10_000,
  ...overrides,
});

function refusal(items: BillingItem[], period = '2025-01') {
  try {
    billPeriod(period, items);
  } catch (error) {
    return error;
  }
  throw new Error('expected billPeriod to refuse the input');
}

describe('billPeriod input validation', () => {
  describe.each([
    ['the price is fractional', { priceCents: 99.5 }, 'INVALID_PRICE', 'items[0].segments[0].priceCents'],
    ['the price is negative', { priceCents: -1 }, 'INVALID_PRICE', 'items[0].segments[0].priceCents'],
    ['the price is NaN', { priceCents: Number.NaN }, 'INVALID_PRICE', 'items[0].segments[0].priceCents'],
    ['the price does not fit 32 bits', { priceCents: MAX_PRICE_CENTS + 1 }, 'INVALID_PRICE', 'items[0].segments[0].priceCents'],
    ['the SKU is empty', { sku: '' }, 'INVALID_SKU', 'items[0].segments[0].sku'],
    ['from is not ISO 8601', { from: '01/05/2025' }, 'INVALID_INSTANT', 'items[0].segments[0].from'],
    ['to is an invalid Date', { to: new Date(Number.NaN) }, 'INVALID_INSTANT', 'items[0].segments[0].to'],
    ['to is before from', { to: '2024-12-31T23:59:59Z' }, 'SEGMENT_ENDS_BEFORE_START', 'items[0].segments[0].to'],
  ] as const)('when %s', (_, overrides, code, path) => {
    it(`throws ${code} at ${path}`, () => {
      expect(refusal([{ id: 'L1', segments: [valid(overrides)] }])).toMatchObject({ name: 'BillingInputError', code, path });
    });
  });

  describe('when the price is zero', () => {
    it('returns a zero line for the active days', () => {
      expect(billPeriod('2025-01', [{ id: 'L1', segments: [valid({ priceCents: 0 })] }]).lines[0]).toMatchObject({
        days: 31,
        amountCents: 0,
      });
    });
  });

  describe('when two segments of one item overlap', () => {
    it('throws OVERLAPPING_SEGMENTS at the later-starting segment', () => {
      const segments = [
        valid({ from: '2025-01-10T00:00:00Z', to: null }),
        valid({ from: '2025-01-01T00:00:00Z', to: '2025-01-10T00:00:00.001Z' }),
      ];
      expect(refusal([{ id: 'L1', segments }])).toMatchObject({
        code: 'OVERLAPPING_SEGMENTS',
        path: 'items[0].segments[0]',
        message: 'items[0].segments[0] overlaps items[0].segments[1]',
      });
    });
  });

  describe('when an open segment is followed by another', () => {
    it('throws OVERLAPPING_SEGMENTS', () => {
      const segments = [valid({ from: '2025-01-01T00:00:00Z', to: null }), valid({ from: '2025-02-01T00:00:00Z' })];
      expect(refusal([{ id: 'L1', segments }])).toMatchObject({ code: 'OVERLAPPING_SEGMENTS', path: 'items[0].segments[1]' });
    });
  });

  describe('when one segment ends exactly where the next starts', () => {
    it('returns lines without complaint', () => {
      const segments = [
        valid({ from: '2025-01-01T00:00:00Z', to: '2025-01-10T00:00:00Z' }),
        valid({ from: '2025-01-10T00:00:00Z', to: null, sku: 'PRO', priceCents: 20_000 }),
      ];
      expect(billPeriod('2025-01', [{ id: 'L1', segments }]).lines).toHaveLength(2);
    });
  });

  describe('when the same item id appears twice', () => {
    it('throws DUPLICATE_ITEM_ID at the second one', () => {
      expect(refusal([{ id: 'L1', segments: [] }, { id: 'L1', segments: [] }])).toMatchObject({
        code: 'DUPLICATE_ITEM_ID',
        path: 'items[1].id',
      });
    });
  });

  describe('when an item id is empty', () => {
    it('throws INVALID_ITEM_ID', () => {
      expect(refusal([{ id: '', segments: [] }])).toMatchObject({ code: 'INVALID_ITEM_ID', path: 'items[0].id' });
    });
  });

  describe('when both the period and an item are bad', () => {
    it('throws INVALID_PERIOD first', () => {
      expect(refusal([{ id: '', segments: [] }], '2025-1')).toMatchObject({ code: 'INVALID_PERIOD', path: 'period' });
    });
  });

  describe('when the bad segment lies outside the billed month', () => {
    it('still throws', () => {
      const segments = [valid({ from: '2023-01-01T00:00:00Z', to: '2023-02-01T00:00:00Z', priceCents: -5 })];
      expect(refusal([{ id: 'L1', segments }])).toMatchObject({ code: 'INVALID_PRICE' });
    });
  });
});
