import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BillingItem, BillingLine, BillingSegment } from './billing.types.ts';
import { parsePeriod } from './calendar.rules.ts';
import { billPeriod, MIN_DIVISOR_DAYS } from './proration.rules.ts';
import { MAX_PRICE_CENTS } from './segments.rules.ts';

const MINUTE_MS = 60_000;

fc.configureGlobal({ numRuns: 1000 });

const periodArb = fc
  .record({ year: fc.integer({ min: 1999, max: 2041 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}`);

/** Includes small odd prices, which are the likeliest to end in exactly half a cent. */
const priceArb = fc.oneof(
  fc.constantFrom(0, 1, 3, 4997, 10_000, 10_001, 20_000),
  fc.integer({ min: 0, max: 100_000 }),
  fc.integer({ min: 0, max: MAX_PRICE_CENTS }),
);

/** Minutes from the start of the month, often landing exactly on a midnight. */
const offsetArb = fc.oneof(
  fc.integer({ min: -40, max: 72 }).map((days) => days * 1440),
  fc.integer({ min: -40 * 1440, max: 72 * 1440 }),
);

interface Cut {
  /** Sorted, distinct minute offsets from the start of the month: segment i runs from cut i to cut i+1. */
  offsets: number[];
  keep: boolean[];
  prices: number[];
  skus: string[];
  openEnded: boolean;
}

const cutArb: fc.Arbitrary<Cut> = fc
  .uniqueArray(offsetArb, { minLength: 1, maxLength: 7 })
  .map((offsets) => offsets.sort((a, b) => a - b))
  .chain((offsets) =>
    fc.record({
      offsets: fc.constant(offsets),
      keep: fc.array(fc.boolean(), { minLength: offsets.length, maxLength: offsets.length }),
      prices: fc.array(priceArb, { minLength: offsets.length, maxLength: offsets.length }),
      skus: fc.array(fc.constantFrom('A', 'B', 'C'), { minLength: offsets.length, maxLength: offsets.length }),
      openEnded: fc.boolean(),
    }),
  );

/** Non-overlapping, non-empty segments of one component, in order. */
function segmentsFrom(period: string, cut: Cut, uniform = false): BillingSegment[] {
  const startMs = parsePeriod(period).startMs;
  const at = (minutes: number) => new Date(startMs + minutes * MINUTE_MS).toISOString();
  const segments: BillingSegment[] = [];
  cut.offsets.forEach((offset, i) => {
    const next = cut.offsets[i + 1];
    const isLast = next === undefined;
    if (isLast ? !cut.openEnded : !cut.keep[i]) return;
    segments.push({
      from: at(offset),
      to: isLast ? null : at(next),
      sku: uniform ? 'A' : (cut.skus[i] ?? 'A'),
      priceCents: uniform ? (cut.prices[0] ?? 0) : (cut.prices[i] ?? 0),
    });
  });
  return segments;
}

const billArb = periodArb.chain((period) =>
  fc.record({
    period: fc.constant(period),
    items: fc
      .array(cutArb, { minLength: 1, maxLength: 4 })
      .map((cuts) => cuts.map((cut, index): BillingItem => ({ id: `I${index}`, segments: segmentsFrom(period, cut) }))),
  }),
);

const sum = (lines: readonly BillingLine[]) => lines.reduce((total, line) => total + line.amountCents, 0);
const linesOf = (lines: readonly BillingLine[], itemId: string) => lines.filter((line) => line.itemId === itemId);

describe('billPeriod properties', () => {
  describe('when given any valid items', () => {
    it('returns a total equal to the sum of its lines', () => {
      fc.assert(
        fc.property(billArb, ({ period, items }) => {
          const result = billPeriod(period, items);
          expect(result.totalCents).toBe(sum(result.lines));
        }),
      );
    });

    it('returns amounts that are integers ≥ 0 and no greater than the line price', () => {
      fc.assert(
        fc.property(billArb, ({ period, items }) => {
          for (const line of billPeriod(period, items).lines) {
            expect(Number.isInteger(line.amountCents)).toBe(true);
            expect(line.amountCents).toBeGreaterThanOrEqual(0);
            expect(line.amountCents).toBeLessThanOrEqual(line.priceCents);
          }
        }),
      );
    });

    it('returns per component a divisor of max(28, its active days), days within the month', () => {
      fc.assert(
        fc.property(billArb, ({ period, items }) => {
          const { lines } = billPeriod(period, items);
          const month = parsePeriod(period);
          for (const item of items) {
            const own = linesOf(lines, item.id);
            const activeDays = own.reduce((days, line) => days + line.days, 0);
            expect(activeDays).toBeLessThanOrEqual(month.days);
            for (const line of own) {
              expect(line.divisor).toBe(Math.max(MIN_DIVISOR_DAYS, activeDays));
              expect(line.fromDate <= line.toDate).toBe(true);
              expect(line.fromDate.startsWith(`${period}-`) && line.toDate.startsWith(`${period}-`)).toBe(true);
            }
          }
        }),
      );
    });

    it('returns per component no more than its highest monthly price, plus half a cent per extra line', () => {
      fc.assert(
        fc.property(billArb, ({ period, items }) => {
          const { lines } = billPeriod(period, items);
          for (const item of items) {
            const own = linesOf(lines, item.id);
            const highest = Math.max(0, ...item.segments.map((segment) => segment.priceCents));
            // Each line rounds up by at most half a cent, so with one line this is: total ≤ highest.
            expect(2 * sum(own)).toBeLessThanOrEqual(2 * highest + Math.max(0, own.length - 1));
          }
        }),
      );
    });

    it('returns the same result whatever the order of the segments', () => {
      fc.assert(
        fc.property(billArb, ({ period, items }) => {
          const reversed = items.map((item) => ({ ...item, segments: [...item.segments].reverse() }));
          expect(billPeriod(period, reversed)).toEqual(billPeriod(period, items));
        }),
      );
    });
  });

  describe('when a component is active all month at one price', () => {
    it('returns exactly that price', () => {
      const fullMonthArb = fc.record({
        period: periodArb,
        priceCents: priceArb,
        startedMinutesEarlier: fc.integer({ min: 0, max: 400 * 1440 }),
        stoppedMinutesLater: fc.option(fc.integer({ min: 0, max: 400 * 1440 })),
      });
      fc.assert(
        fc.property(fullMonthArb, ({ period, priceCents, startedMinutesEarlier, stoppedMinutesLater }) => {
          const month = parsePeriod(period);
          const from = new Date(month.startMs - startedMinutesEarlier * MINUTE_MS);
          const to = stoppedMinutesLater === null ? null : new Date(month.endMs + stoppedMinutesLater * MINUTE_MS);
          const result = billPeriod(period, [{ id: 'L1', segments: [{ from, to, sku: 'A', priceCents }] }]);
          expect(result.totalCents).toBe(priceCents);
          expect(result.lines).toHaveLength(1);
        }),
      );
    });
  });

  describe('when a component is active for longer', () => {
    const extensionArb = fc.record({
      period: periodArb,
      cut: cutArb,
      earlierMinutes: fc.integer({ min: 0, max: 40 * 1440 }),
      laterMinutes: fc.option(fc.integer({ min: 0, max: 40 * 1440 })),
    });

    function extend(segments: BillingSegment[], earlierMinutes: number, laterMinutes: number | null): BillingSegment[] {
      const shift = (instant: BillingSegment['from'], minutes: number) =>
        new Date(new Date(instant).getTime() + minutes * MINUTE_MS).toISOString();
      return segments.map((segment, index) => ({
        ...segment,
        from: index === 0 ? shift(segment.from, -earlierMinutes) : segment.from,
        to: index < segments.length - 1 || segment.to === null ? segment.to : laterMinutes === null ? null : shift(segment.to, laterMinutes),
      }));
    }

    function totals(period: string, segments: BillingSegment[], extended: BillingSegment[]) {
      const before = billPeriod(period, [{ id: 'L1', segments }]);
      const after = billPeriod(period, [{ id: 'L1', segments: extended }]);
      const afterDays = after.lines.reduce((days, line) => days + line.days, 0);
      return { before: before.totalCents, after: after.totalCents, afterDays };
    }

    it('never returns less at a single price', () => {
      fc.assert(
        fc.property(extensionArb, ({ period, cut, earlierMinutes, laterMinutes }) => {
          const segments = segmentsFrom(period, cut, true);
          const { before, after } = totals(period, segments, extend(segments, earlierMinutes, laterMinutes));
          expect(after).toBeGreaterThanOrEqual(before);
        }),
      );
    });

    // Past 28 days the divisor grows with the days, so extra days at a lower price can lower the total
    // (see "when a downgraded component stays active past its 28th day" in proration.rules.test.ts).
    it('never returns less at several prices while it stays within 28 days', () => {
      fc.assert(
        fc.property(extensionArb, ({ period, cut, earlierMinutes, laterMinutes }) => {
          const segments = segmentsFrom(period, cut);
          const { before, after, afterDays } = totals(period, segments, extend(segments, earlierMinutes, laterMinutes));
          fc.pre(afterDays <= MIN_DIVISOR_DAYS);
          expect(after).toBeGreaterThanOrEqual(before);
        }),
      );
    });
  });
});
