import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { buildReportFixture, NOW, type ReportFixture } from '../../test/report-fixture.ts';
import { countActiveLeases } from './count-active-leases.ts';
import { countLeaseStartsAndStops } from './count-lease-starts-and-stops.ts';
import { findIdleLeases, IDLE_GRACE_DAYS } from './find-idle-leases.ts';
import { rankCustomersBySpend } from './rank-customers-by-spend.ts';
import { sumInvoicesByMonth } from './sum-invoices-by-month.ts';
import { sumSpendByProduct } from './sum-spend-by-product.ts';

// Every expected figure below is worked out by hand from the table in test/report-fixture.ts.
let t: TestServices;
let f: ReportFixture;
const now = new Date(NOW);
const months = { from: new Date('2024-12-01T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z'), granularity: 'MONTH' as const };

beforeAll(async () => {
  t = await createTestServices({ now: NOW });
  f = await buildReportFixture(t.db);
});
afterAll(() => t.close());

const A = () => ({ partnerId: f.partnerA.id });

describe('countActiveLeases', () => {
  describe('by month for partner A', () => {
    it('counts leases active at each month end, a lease stopped exactly at the end still counting', async () => {
      const points = await countActiveLeases(t.db, A(), months);
      expect(points.map((p) => [p.end.toISOString().slice(0, 10), p.activeLeases])).toEqual([
        ['2025-01-01', 2], // L3, L5
        ['2025-02-01', 4], // L1, L2, L3, L5 (L4 starts exactly at the end: not yet)
        ['2025-03-01', 4], // L1, L3, L4, L5 (L5 stops exactly at the end)
        ['2025-04-01', 4], // L1, L3, L4, L6
      ]);
    });
  });

  describe('when filtered by product type', () => {
    it('counts only that type', async () => {
      const points = await countActiveLeases(t.db, { ...A(), productTypeId: f.types.SMARTERMAIL }, months);
      expect(points.map((p) => p.activeLeases)).toEqual([1, 3, 2, 2]);
    });
  });

  describe('for vendor staff (every partner)', () => {
    it('adds partner B’s lease from January on', async () => {
      const points = await countActiveLeases(t.db, { partnerId: null }, months);
      expect(points.map((p) => p.activeLeases)).toEqual([2, 5, 5, 5]);
    });
  });

  describe('by day', () => {
    it('cuts the range into UTC days', async () => {
      const points = await countActiveLeases(t.db, A(), { from: new Date('2025-02-28T18:00:00Z'), to: new Date('2025-03-02T00:00:00Z'), granularity: 'DAY' });
      expect(points.map((p) => [p.start.toISOString(), p.activeLeases])).toEqual([
        ['2025-02-28T00:00:00.000Z', 4],
        ['2025-03-01T00:00:00.000Z', 3],
      ]);
    });
  });
});

describe('countLeaseStartsAndStops', () => {
  it('counts starts and stops per month with the net change', async () => {
    const report = await countLeaseStartsAndStops(t.db, A(), months);
    expect(report.periods.map((p) => [p.start.toISOString().slice(0, 7), p.started, p.stopped, p.netChange])).toEqual([
      ['2024-12', 1, 0, 1], // L3
      ['2025-01', 2, 0, 2], // L1, L2
      ['2025-02', 1, 1, 0], // L4 (at 00:00 on the 1st) / L2
      ['2025-03', 1, 1, 0], // L6 / L5 (at 00:00 on the 1st)
    ]);
    expect(report.totals).toEqual({ started: 5, stopped: 2, netChange: 3 });
    expect(report.activeAtStart).toBe(1); // L5
    expect(report.activeAtEnd).toBe(4);
  });

  it('counts weeks from Monday', async () => {
    const report = await countLeaseStartsAndStops(t.db, A(), { from: new Date('2025-02-05T00:00:00Z'), to: new Date('2025-02-17T00:00:00Z'), granularity: 'WEEK' });
    expect(report.periods.map((p) => [p.start.toISOString().slice(0, 10), p.started, p.stopped])).toEqual([
      ['2025-02-03', 0, 0],
      ['2025-02-10', 0, 1], // L2 stopped on Monday the 10th
    ]);
  });
});

describe('sumSpendByProduct', () => {
  it('prices active leases at the prices in force now, add-ons at the product’s tier rank', async () => {
    const report = await sumSpendByProduct(t.db, A(), now);
    expect(report.total).toEqual({ leases: 4, monthlySpendCents: 2200 + 1200 + 1200 + 650 });
    expect(report.productTypes.map((x) => [x.code, x.leases, x.monthlySpendCents])).toEqual([
      ['SMARTERMAIL', 2, 2850],
      ['SMARTERTRACK', 1, 1200],
      ['SMARTERSTATS', 1, 1200],
    ]);
    expect(report.products.map((x) => [x.sku, x.leases, x.productCents, x.addOnCents, x.monthlySpendCents])).toEqual([
      ['SM-PRO-100', 1, 650, 0, 650],
      ['SM-ENT-250', 1, 1600, 600, 2200],
      ['ST-PRO-5', 1, 1200, 0, 1200],
      ['SS-ENT-50', 1, 1200, 0, 1200],
    ]);
    expect(report.editions.map((x) => [x.edition, x.leases, x.monthlySpendCents])).toEqual([
      ['PROFESSIONAL', 1, 650],
      ['ENTERPRISE', 1, 2200],
      ['PROFESSIONAL', 1, 1200],
      ['ENTERPRISE', 1, 1200],
    ]);
    expect(report.addOns.map((x) => [x.sku, x.leases, x.monthlySpendCents])).toEqual([
      ['SM-AO-ACTIVESYNC', 1, 400],
      ['SM-AO-ANTISPAM', 1, 200],
    ]);
  });

  it('uses the price that applies at the instant asked for', async () => {
    const report = await sumSpendByProduct(t.db, { ...A(), productId: f.product('SM-PRO-100').id }, new Date('2025-04-01T00:00:00Z'));
    expect(report.total).toEqual({ leases: 1, monthlySpendCents: 700 });
  });
});

describe('sumInvoicesByMonth', () => {
  it('sums finalised invoices per month, leaving out VOID and DRAFT', async () => {
    const report = await sumInvoicesByMonth(t.db, A(), { from: months.from, to: months.to });
    expect(report.months).toEqual([
      { period: '2025-01', invoices: 1, totalCents: 5000, paidCents: 5000, outstandingCents: 0 },
      { period: '2025-02', invoices: 1, totalCents: 7000, paidCents: 0, outstandingCents: 7000 },
    ]);
    expect(report.total).toEqual({ invoices: 2, totalCents: 12000, paidCents: 5000, outstandingCents: 7000 });
  });

  it('sums the lines of a product type’s products and add-ons when filtered', async () => {
    const report = await sumInvoicesByMonth(t.db, { partnerId: null, productTypeId: f.types.SMARTERMAIL }, { from: months.from, to: months.to });
    expect(report.months.map((m) => [m.period, m.invoices, m.totalCents, m.paidCents, m.outstandingCents])).toEqual([
      ['2025-01', 2, 3800 + 1600, 3800, 1600],
      ['2025-02', 1, 4000, 0, 4000],
    ]);
  });
});

describe('rankCustomersBySpend', () => {
  it('ranks customers by the monthly price of their active leases', async () => {
    const top = await rankCustomersBySpend(t.db, A(), now, 10);
    expect(top.map((c) => [c.email, c.activeLeases, c.monthlySpendCents])).toEqual([
      ['bob@example.test', 2, 2400],
      ['Alice@Example.test', 1, 2200],
      ['carol@example.test', 1, 650],
    ]);
  });

  it('stops at the limit', async () => {
    expect((await rankCustomersBySpend(t.db, { partnerId: null }, now, 2)).map((c) => c.monthlySpendCents)).toEqual([2400, 2200]);
  });
});

describe('findIdleLeases', () => {
  it('lists never-activated leases and those not seen for 30 days or more, with what stopping them saves', async () => {
    const page = await findIdleLeases(t.db, A(), now, { first: 10 });
    expect(page.leases.map((l) => [l.leaseId, l.reason, l.monthlyCents])).toEqual([
      [f.leases.l3.id, 'NEVER_ACTIVATED', 1200],
      [f.leases.l4.id, 'NOT_SEEN', 1200], // last seen exactly 30 days ago
    ]);
    expect(page.totalCount).toBe(2);
    expect(page.totalMonthlyCents).toBe(2400);
    expect(page.hasNextPage).toBe(false);
  });

  it('says for how many whole days each lease has been idle: since it was last seen, or since it started', async () => {
    const page = await findIdleLeases(t.db, A(), now, { first: 10 });
    expect(page.leases.map((l) => [l.leaseId, l.idleDays])).toEqual([
      [f.leases.l3.id, 100], // started 2024-12-05T00:00Z, never activated
      [f.leases.l4.id, 30], // last seen 2025-02-13T12:00Z
    ]);
  });

  describe('for a lease never activated, during its grace period', () => {
    const l3Start = new Date('2024-12-05T00:00:00Z').getTime();
    const days = (n: number) => n * 86_400_000;

    it(`does not count it until ${IDLE_GRACE_DAYS} days after it started`, async () => {
      const early = await findIdleLeases(t.db, A(), new Date(l3Start + days(IDLE_GRACE_DAYS) - 1000), { first: 10 });
      expect(early.leases.map((l) => l.leaseId)).not.toContain(f.leases.l3.id);
      expect(early.totalCount).toBe(early.leases.length);
    });

    it(`counts it from ${IDLE_GRACE_DAYS} days on, idle for as many days`, async () => {
      const due = await findIdleLeases(t.db, A(), new Date(l3Start + days(IDLE_GRACE_DAYS)), { first: 10 });
      expect(due.leases.find((l) => l.leaseId === f.leases.l3.id)).toMatchObject({ reason: 'NEVER_ACTIVATED', idleDays: IDLE_GRACE_DAYS });
    });
  });

  describe('one second earlier', () => {
    it('does not yet count the lease last seen 30 days ago', async () => {
      const page = await findIdleLeases(t.db, A(), new Date(now.getTime() - 1000), { first: 10 });
      expect(page.leases.map((l) => l.leaseId)).toEqual([f.leases.l3.id]);
    });
  });

  describe('page by page', () => {
    it('keeps the totals of the whole list on every page', async () => {
      const first = await findIdleLeases(t.db, { partnerId: null }, now, { first: 1 });
      expect(first.leases.map((l) => l.leaseId)).toEqual([f.leases.l7.id]); // $16, the most expensive
      expect(first.hasNextPage).toBe(true);
      const last = first.leases[0]!;
      const second = await findIdleLeases(t.db, { partnerId: null }, now, { first: 5, after: { monthlyCents: last.monthlyCents, leaseId: last.leaseId } });
      expect(second.leases.map((l) => l.leaseId)).toEqual([f.leases.l3.id, f.leases.l4.id]);
      expect([first.totalCount, first.totalMonthlyCents]).toEqual([3, 4000]);
      expect([second.totalCount, second.totalMonthlyCents]).toEqual([3, 4000]);
    });
  });
});
