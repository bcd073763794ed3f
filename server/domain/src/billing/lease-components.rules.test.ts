import { describe, expect, it } from 'vitest';
import { type HistoryStep, leaseComponents } from './lease-components.rules.ts';
import { MissingPriceError, type PriceBook, splitByPrice } from './price-book.rules.ts';

const ms = (iso: string) => Date.parse(iso);
const LONG_AGO = ms('2020-01-01T00:00:00Z');

/** Two products of one type (tier ranks 0 and 1) and an add-on priced per tier rank. */
function book(): PriceBook {
  return {
    products: new Map([
      [1, { sku: 'SM-PRO-100', name: 'Pro 100', tierRank: 0, prices: [{ fromMs: LONG_AGO, amountCents: 600 }] }],
      [2, { sku: 'SM-PRO-250', name: 'Pro 250', tierRank: 1, prices: [{ fromMs: LONG_AGO, amountCents: 1000 }, { fromMs: ms('2025-01-15T00:00:00Z'), amountCents: 1100 }] }],
    ]),
    addOns: new Map([
      [7, { sku: 'SM-AO-ANTISPAM', name: 'Antispam', pricesByRank: new Map([[0, [{ fromMs: LONG_AGO, amountCents: 100 }]], [1, [{ fromMs: LONG_AGO, amountCents: 200 }]]]) }],
    ]),
    namesBySku: new Map(),
  };
}

const step = (version: number, action: HistoryStep['action'], at: string, toProductId: number | null, toAddOnIds: number[] = []): HistoryStep => ({
  version,
  action,
  effectiveAt: new Date(at),
  toProductId,
  toAddOnIds,
});

const iso = (segments: readonly { from: unknown; to: unknown; sku: string; priceCents: number }[]) =>
  segments.map((s) => [(s.from as Date).toISOString(), s.to === null ? null : (s.to as Date).toISOString(), s.sku, s.priceCents]);

describe('leaseComponents', () => {
  describe('when a lease runs on one product with no change', () => {
    it('returns one open product segment at the price in force', () => {
      const [product, ...rest] = leaseComponents({ leaseId: 5, customerEmail: 'a@x.test', steps: [step(1, 'STARTED', '2024-12-03T10:00:00Z', 1)] }, book());
      expect(rest).toEqual([]);
      expect(product).toMatchObject({ id: '5', leaseId: 5, kind: 'PRODUCT', customerEmail: 'a@x.test' });
      expect(iso(product!.segments)).toEqual([['2024-12-03T10:00:00.000Z', null, 'SM-PRO-100', 600]]);
    });
  });

  describe('when the catalog price changes while a configuration is in force', () => {
    it('returns the segment split at the change, each part at its own price', () => {
      const [product] = leaseComponents({ leaseId: 5, customerEmail: 'a@x.test', steps: [step(1, 'STARTED', '2025-01-02T00:00:00Z', 2)] }, book());
      expect(iso(product!.segments)).toEqual([
        ['2025-01-02T00:00:00.000Z', '2025-01-15T00:00:00.000Z', 'SM-PRO-250', 1000],
        ['2025-01-15T00:00:00.000Z', null, 'SM-PRO-250', 1100],
      ]);
    });
  });

  describe('when the product changes tier and an add-on rides along', () => {
    it('returns the add-on priced for the tier rank in force each day, stopping with the lease', () => {
      const components = leaseComponents(
        {
          leaseId: 9,
          customerEmail: 'a@x.test',
          steps: [
            step(1, 'STARTED', '2024-12-20T00:00:00Z', 1, [7]),
            step(2, 'MODIFIED', '2025-01-10T12:00:00Z', 2, [7]),
            step(3, 'STOPPED', '2025-01-25T14:00:00Z', null),
          ],
        },
        book(),
      );
      expect(components.map((c) => [c.id, c.kind])).toEqual([['9', 'PRODUCT'], ['9/7', 'ADD_ON']]);
      expect(iso(components[0]!.segments)).toEqual([
        ['2024-12-20T00:00:00.000Z', '2025-01-10T12:00:00.000Z', 'SM-PRO-100', 600],
        ['2025-01-10T12:00:00.000Z', '2025-01-15T00:00:00.000Z', 'SM-PRO-250', 1000],
        ['2025-01-15T00:00:00.000Z', '2025-01-25T14:00:00.000Z', 'SM-PRO-250', 1100],
      ]);
      expect(iso(components[1]!.segments)).toEqual([
        ['2024-12-20T00:00:00.000Z', '2025-01-10T12:00:00.000Z', 'SM-AO-ANTISPAM', 100],
        ['2025-01-10T12:00:00.000Z', '2025-01-25T14:00:00.000Z', 'SM-AO-ANTISPAM', 200],
      ]);
    });
  });

  describe('when only add-ons change', () => {
    it('returns the product as one unbroken segment and each add-on for its own time', () => {
      const components = leaseComponents(
        {
          leaseId: 3,
          customerEmail: 'a@x.test',
          steps: [step(1, 'STARTED', '2025-01-01T00:00:00Z', 1), step(2, 'MODIFIED', '2025-01-05T00:00:00Z', 1, [7]), step(3, 'MODIFIED', '2025-01-08T00:00:00Z', 1)],
        },
        book(),
      );
      expect(iso(components[0]!.segments)).toEqual([['2025-01-01T00:00:00.000Z', null, 'SM-PRO-100', 600]]);
      expect(iso(components[1]!.segments)).toEqual([['2025-01-05T00:00:00.000Z', '2025-01-08T00:00:00.000Z', 'SM-AO-ANTISPAM', 100]]);
    });
  });

  describe('when a lease was started and stopped at the same instant', () => {
    it('returns no component', () => {
      const steps = [step(1, 'STARTED', '2025-01-05T00:00:00Z', 1), step(2, 'STOPPED', '2025-01-05T00:00:00Z', null)];
      expect(leaseComponents({ leaseId: 1, customerEmail: 'a@x.test', steps }, book())).toEqual([]);
    });
  });
});

describe('splitByPrice', () => {
  describe('when no price was in force at the start', () => {
    it('throws MissingPriceError naming the component and instant', () => {
      expect(() => splitByPrice(ms('2019-06-01T00:00:00Z'), null, [{ fromMs: LONG_AGO, amountCents: 1 }], 'product X')).toThrow(
        new MissingPriceError('product X has no price in force at 2019-06-01T00:00:00.000Z'),
      );
    });
  });

  describe('when a later price repeats the current one', () => {
    it('returns one piece', () => {
      const prices = [{ fromMs: LONG_AGO, amountCents: 5 }, { fromMs: ms('2025-01-10T00:00:00Z'), amountCents: 5 }];
      expect(splitByPrice(ms('2025-01-01T00:00:00Z'), null, prices, 'x')).toEqual([{ fromMs: ms('2025-01-01T00:00:00Z'), toMs: null, priceCents: 5 }]);
    });
  });

  describe('when a price change falls at or after the end', () => {
    it('returns the span unsplit', () => {
      const prices = [{ fromMs: LONG_AGO, amountCents: 5 }, { fromMs: ms('2025-01-10T00:00:00Z'), amountCents: 6 }];
      expect(splitByPrice(ms('2025-01-01T00:00:00Z'), ms('2025-01-10T00:00:00Z'), prices, 'x')).toHaveLength(1);
    });
  });
});
