import { describe, expect, it } from 'vitest';
import type { BillingItem, BillingSegment } from './billing.types.ts';
import { clipToParent } from './clip-to-parent.rules.ts';
import { billPeriod, prorateCents } from './proration.rules.ts';

const BASIC = 10_000;
const PRO = 20_000;
const ADD_ON = 3_000;

function segment(from: string, to: string | null, priceCents = BASIC, sku = skuFor(priceCents)): BillingSegment {
  return { from, to, sku, priceCents };
}

function skuFor(priceCents: number): string {
  return priceCents === PRO ? 'PRO' : priceCents === ADD_ON ? 'ADDON' : 'BASIC';
}

function item(id: string, ...segments: BillingSegment[]): BillingItem {
  return { id, segments };
}

function amounts(period: string, ...items: BillingItem[]) {
  const result = billPeriod(period, items);
  return { total: result.totalCents, lines: result.lines.map((line) => [line.sku, line.days, line.divisor, line.amountCents]) };
}

describe('prorateCents', () => {
  describe('when price × days / divisor ends in exactly one half', () => {
    it('returns it rounded up', () => {
      expect(prorateCents(4997, 14, 28)).toBe(2499);
      expect(prorateCents(1, 14, 28)).toBe(1);
    });
  });

  describe('when the fraction is just below one half', () => {
    it('returns it rounded down', () => {
      expect(prorateCents(1, 13, 28)).toBe(0);
      expect(prorateCents(10_000, 10, 28)).toBe(3571);
    });
  });

  describe('when the days equal the divisor', () => {
    it('returns the price', () => {
      expect(prorateCents(4997, 31, 31)).toBe(4997);
    });
  });
});

describe('billPeriod', () => {
  describe('when following the product examples (January 2025, 31 days)', () => {
    it('returns 10000 for a component active all of January', () => {
      expect(amounts('2025-01', item('L1', segment('2024-11-20T08:00:00Z', null)))).toEqual({
        total: 10_000,
        lines: [['BASIC', 31, 31, 10_000]],
      });
    });

    it('returns 10000 for a component active all of February 2025', () => {
      expect(amounts('2025-02', item('L1', segment('2024-11-20T08:00:00Z', null)))).toEqual({
        total: 10_000,
        lines: [['BASIC', 28, 28, 10_000]],
      });
    });

    it('returns 10000 for a component started on January 2 (30 days, capped)', () => {
      expect(amounts('2025-01', item('L1', segment('2025-01-02T09:00:00Z', null)))).toEqual({
        total: 10_000,
        lines: [['BASIC', 30, 30, 10_000]],
      });
    });

    it('returns 9643 for a component started on January 5 (27 days)', () => {
      expect(amounts('2025-01', item('L1', segment('2025-01-05T09:00:00Z', null))).total).toBe(9643);
    });

    it('returns 357 for a component started on January 31 at 23:00Z (1 day)', () => {
      expect(amounts('2025-01', item('L1', segment('2025-01-31T23:00:00Z', null)))).toEqual({
        total: 357,
        lines: [['BASIC', 1, 28, 357]],
      });
    });

    it('returns 3571 for a component stopped on January 10 at 14:00Z (10 days)', () => {
      expect(amounts('2025-01', item('L1', segment('2024-12-01T00:00:00Z', '2025-01-10T14:00:00Z'))).total).toBe(3571);
    });

    it('returns 4516 + 10968 = 15484 for an upgrade from 10000 to 20000 on January 15 at noon', () => {
      const upgraded = item(
        'L1',
        segment('2024-12-01T00:00:00Z', '2025-01-15T12:00:00Z', BASIC),
        segment('2025-01-15T12:00:00Z', null, PRO),
      );
      expect(amounts('2025-01', upgraded)).toEqual({
        total: 15_484,
        lines: [
          ['BASIC', 14, 31, 4516],
          ['PRO', 17, 31, 10_968],
        ],
      });
    });

    it('returns 20000 in one line for a downgrade at 10:00 and upgrade back at 16:00 on January 15', () => {
      const flipped = item(
        'L1',
        segment('2024-12-01T00:00:00Z', '2025-01-15T10:00:00Z', PRO),
        segment('2025-01-15T10:00:00Z', '2025-01-15T16:00:00Z', BASIC),
        segment('2025-01-15T16:00:00Z', null, PRO),
      );
      expect(amounts('2025-01', flipped)).toEqual({ total: 20_000, lines: [['PRO', 31, 31, 20_000]] });
    });

    it('returns 10000 + 1286 = 11286 for an add-on added on January 20', () => {
      expect(
        amounts(
          '2025-01',
          item('L1', segment('2024-12-01T00:00:00Z', null)),
          item('A1', segment('2025-01-20T11:00:00Z', null, ADD_ON)),
        ),
      ).toEqual({
        total: 11_286,
        lines: [
          ['BASIC', 31, 31, 10_000],
          ['ADDON', 12, 28, 1286],
        ],
      });
    });

    it('returns 2499 for price 4997 started on January 18 (14 days, 2498.5 rounded half-up)', () => {
      expect(amounts('2025-01', item('L1', segment('2025-01-18T00:00:00Z', null, 4997))).total).toBe(2499);
    });
  });

  describe('when a group of days is interrupted', () => {
    it('returns one line whose date range runs from its first to its last day', () => {
      const restarted = item(
        'L1',
        segment('2024-12-01T00:00:00Z', '2025-01-05T12:00:00Z'),
        segment('2025-01-20T00:00:00Z', null),
      );
      expect(billPeriod('2025-01', [restarted]).lines).toEqual([
        {
          itemId: 'L1',
          sku: 'BASIC',
          priceCents: BASIC,
          days: 17,
          divisor: 28,
          fromDate: '2025-01-01',
          toDate: '2025-01-31',
          amountCents: 6071,
        },
      ]);
    });

    it('returns one line per (SKU, price) in the order of their first day', () => {
      const roundTrip = item(
        'L1',
        segment('2024-12-01T00:00:00Z', '2025-01-10T12:00:00Z', BASIC),
        segment('2025-01-10T12:00:00Z', '2025-01-20T12:00:00Z', PRO),
        segment('2025-01-20T12:00:00Z', null, BASIC),
      );
      expect(
        billPeriod('2025-01', [roundTrip]).lines.map(({ sku, days, fromDate, toDate }) => [sku, days, fromDate, toDate]),
      ).toEqual([
        ['BASIC', 20, '2025-01-01', '2025-01-31'],
        ['PRO', 11, '2025-01-10', '2025-01-20'],
      ]);
    });
  });

  describe('when the same price is in force under two SKUs on one day', () => {
    it('returns that day under the SKU that started later', () => {
      const renamed = item(
        'L1',
        segment('2024-12-01T00:00:00Z', '2025-01-15T12:00:00Z', BASIC, 'OLD'),
        segment('2025-01-15T12:00:00Z', null, BASIC, 'NEW'),
      );
      expect(amounts('2025-01', renamed).lines).toEqual([
        ['OLD', 14, 31, 4516],
        ['NEW', 17, 31, 5484],
      ]);
    });
  });

  // Documents a consequence of rule 6 (rounding per line): two lines that each round up by half a cent.
  describe('when a SKU changes at the same odd price halfway through a 28-day month', () => {
    it('returns one cent more than the monthly price', () => {
      const renamed = item(
        'L1',
        segment('2025-01-01T00:00:00Z', '2025-02-15T00:00:00Z', 10_001, 'OLD'),
        segment('2025-02-15T00:00:00Z', null, 10_001, 'NEW'),
      );
      expect(amounts('2025-02', renamed)).toEqual({
        total: 10_002,
        lines: [
          ['OLD', 14, 28, 5001],
          ['NEW', 14, 28, 5001],
        ],
      });
    });
  });

  // Documents a consequence of rule 4 (D = max(28, A)): past 28 days, more days at a lower price lower the average.
  describe('when a downgraded component stays active past its 28th day', () => {
    it('returns less than stopping it after 28 days', () => {
      const downgraded = (stop: string | null) =>
        item(
          'L1',
          segment('2024-12-01T00:00:00Z', '2025-01-15T00:00:00Z', PRO),
          segment('2025-01-15T00:00:00Z', stop, BASIC),
        );
      expect(amounts('2025-01', downgraded('2025-01-29T00:00:00Z')).total).toBe(15_000);
      expect(amounts('2025-01', downgraded(null)).total).toBe(14_516);
    });
  });

  describe('when there are no items', () => {
    it('returns no lines and a zero total', () => {
      expect(billPeriod('2025-01', [])).toEqual({ period: '2025-01', lines: [], totalCents: 0 });
    });
  });

  describe('when segments are given as Date objects and out of order', () => {
    it('returns the same lines as for ordered ISO strings', () => {
      const asStrings = item(
        'L1',
        segment('2024-12-01T00:00:00Z', '2025-01-15T12:00:00Z', BASIC),
        segment('2025-01-15T12:00:00Z', null, PRO),
      );
      const asDates: BillingItem = {
        id: 'L1',
        segments: [
          { from: new Date('2025-01-15T12:00:00Z'), to: null, sku: 'PRO', priceCents: PRO },
          { from: new Date('2024-12-01T00:00:00Z'), to: new Date('2025-01-15T12:00:00Z'), sku: 'BASIC', priceCents: BASIC },
        ],
      };
      expect(billPeriod('2025-01', [asDates])).toEqual(billPeriod('2025-01', [asStrings]));
    });
  });

  describe('when segments carry extra metadata', () => {
    it('returns lines with only the billing fields', () => {
      const withMetadata = { id: 'L1', segments: [{ ...segment('2024-12-01T00:00:00Z', null), leaseId: 7, name: 'Basic' }] };
      expect(Object.keys(billPeriod('2025-01', [withMetadata]).lines[0] ?? {})).toEqual([
        'itemId',
        'sku',
        'priceCents',
        'days',
        'divisor',
        'fromDate',
        'toDate',
        'amountCents',
      ]);
    });
  });
});

interface MonthCase {
  period: string;
  days: number;
  next: string;
  /** Day of the month on which a 14-day tail starts (days − 13). */
  fourteenDaysLeftOn: number;
  expected: {
    startedOnThe5th: number;
    startedOnThe2nd: { days: number; divisor: number; amount: number };
    upgradedOnThe15th: [number, number, number];
    downgradedOnThe15th: [number, number, number];
    addOnFromThe20th: number;
  };
}

const MONTHS: MonthCase[] = [
  {
    period: '2025-02',
    days: 28,
    next: '2025-03',
    fourteenDaysLeftOn: 15,
    expected: {
      startedOnThe5th: 8571,
      startedOnThe2nd: { days: 27, divisor: 28, amount: 9643 },
      upgradedOnThe15th: [5000, 10_000, 15_000],
      downgradedOnThe15th: [10_714, 4643, 15_357],
      addOnFromThe20th: 964,
    },
  },
  {
    period: '2024-02',
    days: 29,
    next: '2024-03',
    fourteenDaysLeftOn: 16,
    expected: {
      startedOnThe5th: 8929,
      startedOnThe2nd: { days: 28, divisor: 28, amount: 10_000 },
      upgradedOnThe15th: [4828, 10_345, 15_173],
      downgradedOnThe15th: [10_345, 4828, 15_173],
      addOnFromThe20th: 1071,
    },
  },
  {
    period: '2025-04',
    days: 30,
    next: '2025-05',
    fourteenDaysLeftOn: 17,
    expected: {
      startedOnThe5th: 9286,
      startedOnThe2nd: { days: 29, divisor: 29, amount: 10_000 },
      upgradedOnThe15th: [4667, 10_667, 15_334],
      downgradedOnThe15th: [10_000, 5000, 15_000],
      addOnFromThe20th: 1179,
    },
  },
  {
    period: '2025-01',
    days: 31,
    next: '2025-02',
    fourteenDaysLeftOn: 18,
    expected: {
      startedOnThe5th: 9643,
      startedOnThe2nd: { days: 30, divisor: 30, amount: 10_000 },
      upgradedOnThe15th: [4516, 10_968, 15_484],
      downgradedOnThe15th: [9677, 5161, 14_838],
      addOnFromThe20th: 1286,
    },
  },
];

describe('billPeriod, month by month', () => {
  describe.each(MONTHS)('in $period ($days days)', (month) => {
    const { period, days, next, expected } = month;
    const at = (day: number, time = '00:00:00') => `${period}-${String(day).padStart(2, '0')}T${time}Z`;
    const BEFORE = '2023-06-01T00:00:00Z';
    const lastDay = `${period}-${days}`;

    describe('when the component is active all month at one price', () => {
      it('returns exactly the monthly price over all the days', () => {
        expect(billPeriod(period, [item('L1', segment(BEFORE, null))]).lines).toEqual([
          {
            itemId: 'L1',
            sku: 'BASIC',
            priceCents: BASIC,
            days,
            divisor: days,
            fromDate: `${period}-01`,
            toDate: lastDay,
            amountCents: BASIC,
          },
        ]);
      });

      it('returns the monthly price when it starts at 00:00Z on the 1st and stops at 00:00Z of the next month', () => {
        expect(amounts(period, item('L1', segment(at(1), `${next}-01T00:00:00Z`))).total).toBe(BASIC);
      });
    });

    describe('when the component starts mid-month', () => {
      it(`returns ${expected.startedOnThe5th} for a start on the 5th (${days - 4} days over 28)`, () => {
        expect(amounts(period, item('L1', segment(at(5, '10:00:00'), null)))).toEqual({
          total: expected.startedOnThe5th,
          lines: [['BASIC', days - 4, 28, expected.startedOnThe5th]],
        });
      });

      it(`returns ${expected.startedOnThe2nd.amount} for a start on the 2nd (${days - 1} days)`, () => {
        const { days: active, divisor, amount } = expected.startedOnThe2nd;
        expect(amounts(period, item('L1', segment(at(2, '23:59:59'), null))).lines).toEqual([
          ['BASIC', active, divisor, amount],
        ]);
      });

      it('returns 357 for a start in the last hour of the last day', () => {
        expect(amounts(period, item('L1', segment(at(days, '23:00:00'), null))).total).toBe(357);
      });
    });

    describe('when the component stops mid-month', () => {
      it('returns 3571 for a stop on the 10th at 14:00Z (10 days, stop day counted)', () => {
        expect(amounts(period, item('L1', segment(BEFORE, at(10, '14:00:00'))))).toEqual({
          total: 3571,
          lines: [['BASIC', 10, 28, 3571]],
        });
      });

      it('returns 3929 for a stop one millisecond after midnight on the 11th (11 days)', () => {
        expect(amounts(period, item('L1', segment(BEFORE, `${period}-11T00:00:00.001Z`))).total).toBe(3929);
      });

      it('returns nothing for a stop at 00:00Z on the 1st', () => {
        expect(billPeriod(period, [item('L1', segment(BEFORE, at(1)))]).lines).toEqual([]);
      });
    });

    describe('when the component stops exactly at 00:00:00Z', () => {
      it('returns 3571 for a stop at 00:00Z on the 11th (10 days, stop day not counted)', () => {
        const result = billPeriod(period, [item('L1', segment(BEFORE, at(11)))]);
        expect(result.totalCents).toBe(3571);
        expect(result.lines[0]).toMatchObject({ days: 10, toDate: `${period}-10` });
      });
    });

    describe('when the component starts and stops at the same instant', () => {
      it('returns no line and a zero total', () => {
        expect(billPeriod(period, [item('L1', segment(at(10, '12:00:00'), at(10, '12:00:00')))])).toEqual({
          period,
          lines: [],
          totalCents: 0,
        });
      });

      it('returns no extra day next to another segment', () => {
        const withBlip = item(
          'L1',
          segment(BEFORE, at(10, '00:00:00')),
          segment(at(20, '09:00:00'), at(20, '09:00:00'), PRO),
        );
        expect(amounts(period, withBlip).lines).toEqual([['BASIC', 9, 28, 3214]]);
      });
    });

    describe('when the component is upgraded on the 15th at noon', () => {
      it(`returns the lower price for 14 days and the higher for ${days - 14}, over ${days}`, () => {
        const [basic, pro, total] = expected.upgradedOnThe15th;
        const upgraded = item('L1', segment(BEFORE, at(15, '12:00:00'), BASIC), segment(at(15, '12:00:00'), null, PRO));
        expect(amounts(period, upgraded)).toEqual({
          total,
          lines: [
            ['BASIC', 14, days, basic],
            ['PRO', days - 14, days, pro],
          ],
        });
      });
    });

    describe('when the component is downgraded on the 15th at noon', () => {
      it(`returns the higher price for 15 days (the change day included) and the lower for ${days - 15}`, () => {
        const [pro, basic, total] = expected.downgradedOnThe15th;
        const downgraded = item('L1', segment(BEFORE, at(15, '12:00:00'), PRO), segment(at(15, '12:00:00'), null, BASIC));
        expect(amounts(period, downgraded)).toEqual({
          total,
          lines: [
            ['PRO', 15, days, pro],
            ['BASIC', days - 15, days, basic],
          ],
        });
      });
    });

    describe('when several configurations are in force on one day', () => {
      it('returns the highest price for that day, in a single line', () => {
        const flipped = item(
          'L1',
          segment(BEFORE, at(15, '10:00:00'), PRO),
          segment(at(15, '10:00:00'), at(15, '16:00:00'), BASIC),
          segment(at(15, '16:00:00'), null, PRO),
        );
        expect(amounts(period, flipped)).toEqual({ total: PRO, lines: [['PRO', days, days, PRO]] });
      });
    });

    describe('when an add-on is clipped to its lease', () => {
      it(`returns the lease plus ${expected.addOnFromThe20th} for an add-on from the 20th`, () => {
        const lease = [segment(BEFORE, null)];
        const addOn = clipToParent([segment(at(20, '11:00:00'), null, ADD_ON)], lease);
        expect(amounts(period, item('L1', ...lease), item('A1', ...addOn))).toEqual({
          total: BASIC + expected.addOnFromThe20th,
          lines: [
            ['BASIC', days, days, BASIC],
            ['ADDON', days - 19, 28, expected.addOnFromThe20th],
          ],
        });
      });

      it('returns the add-on only for the days the lease is active when the lease stops on the 25th', () => {
        const lease = [segment(BEFORE, at(25, '14:00:00'))];
        const addOn = clipToParent([segment(at(20, '11:00:00'), null, ADD_ON)], lease);
        expect(amounts(period, item('L1', ...lease), item('A1', ...addOn))).toEqual({
          total: 8929 + 643,
          lines: [
            ['BASIC', 25, 28, 8929],
            ['ADDON', 6, 28, 643],
          ],
        });
      });
    });

    describe('when the exact amount ends in half a cent', () => {
      it(`returns 2499 for price 4997 over the last 14 days (from the ${month.fourteenDaysLeftOn}th)`, () => {
        expect(amounts(period, item('L1', segment(at(month.fourteenDaysLeftOn, '18:00:00'), null, 4997)))).toEqual({
          total: 2499,
          lines: [['BASIC', 14, 28, 2499]],
        });
      });

      it('returns 2320 for the same price over 13 days (2320.04 rounded down)', () => {
        expect(amounts(period, item('L1', segment(at(month.fourteenDaysLeftOn + 1), null, 4997))).total).toBe(2320);
      });
    });
  });
});
