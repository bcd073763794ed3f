import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingPreview } from '@leaseboard/domain/billing/billing-preview';
import { apiKeyFor, gid, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { buildReportFixture, NOW, type ReportFixture } from '@leaseboard/domain/test/report-fixture';

let t: TestApp;
let f: ReportFixture;
let ownerA: Record<string, string>;
let ownerB: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  f = await buildReportFixture(t.db);
  ownerA = (await signedInUser(t.db, t.clock, f.partnerA.id, 'OWNER')).headers;
  ownerB = (await signedInUser(t.db, t.clock, f.partnerB.id, 'OWNER')).headers;
  admin = (await signedInUser(t.db, t.clock, null, 'ADMIN')).headers;
});
afterAll(() => t.close());

const RANGE = { from: '2024-12-01T00:00:00Z', to: '2025-04-01T00:00:00Z', granularity: 'MONTH' };

const ALL_REPORTS = `query($range: ReportRange!, $filter: ReportFilter) {
  reports {
    activeLeases(range: $range, filter: $filter) { end activeLeases }
    leaseFlow(range: $range, filter: $filter) { periods { start started stopped netChange } totals { started stopped netChange } activeAtStart activeAtEnd }
    spendByProduct(filter: $filter) { total { leases monthlySpendCents } productTypes { code leases monthlySpendCents } addOns { sku leases monthlySpendCents } }
    invoiceTotals(from: "2024-12-01T00:00:00Z", to: "2025-04-01T00:00:00Z", filter: $filter) { months { period totalCents paidCents outstandingCents } total { invoices totalCents } }
    topCustomers(limit: 2, filter: $filter) { customerId email activeLeases monthlySpendCents }
    idleLeases(first: 10, filter: $filter) { totalCount totalMonthlyCents idleAfterDays graceDays edges { node { leaseNumber reason idleDays monthlyCents machineName } } }
  }
}`;

type Reports = {
  reports: {
    activeLeases: { end: string; activeLeases: number }[];
    leaseFlow: { totals: { started: number; stopped: number; netChange: number }; activeAtStart: number; activeAtEnd: number };
    spendByProduct: { total: { leases: number; monthlySpendCents: number }; productTypes: { code: string; leases: number; monthlySpendCents: number }[] };
    invoiceTotals: { months: { period: string; totalCents: number }[]; total: { invoices: number; totalCents: number } };
    topCustomers: { customerId: string; email: string; activeLeases: number; monthlySpendCents: number }[];
    idleLeases: { totalCount: number; totalMonthlyCents: number; idleAfterDays: number; graceDays: number; edges: { node: { leaseNumber: number; reason: string; idleDays: number; monthlyCents: number } }[] };
  };
};

describe('reports', () => {
  describe('for a partner owner', () => {
    it('answers every report for the partner’s own leases and invoices', async () => {
      const { data, errors } = await t.gql<Reports>(ALL_REPORTS, { range: RANGE }, ownerA);
      expect(errors).toBeUndefined();
      const r = data.reports;
      expect(r.activeLeases.map((p) => p.activeLeases)).toEqual([2, 4, 4, 4]);
      expect(r.leaseFlow).toMatchObject({ totals: { started: 5, stopped: 2, netChange: 3 }, activeAtStart: 1, activeAtEnd: 4 });
      expect(r.spendByProduct.total).toEqual({ leases: 4, monthlySpendCents: 5250 });
      expect(r.invoiceTotals.total).toEqual({ invoices: 2, totalCents: 12000 });
      expect(r.topCustomers).toEqual([
        { customerId: gid('Customer', f.customers.bob.id), email: 'bob@example.test', activeLeases: 2, monthlySpendCents: 2400 },
        { customerId: gid('Customer', f.customers.alice.id), email: 'Alice@Example.test', activeLeases: 1, monthlySpendCents: 2200 },
      ]);
      expect(r.idleLeases.totalCount).toBe(2);
      expect(r.idleLeases.totalMonthlyCents).toBe(2400);
      expect(r.idleLeases.edges.map((e) => [e.node.leaseNumber, e.node.reason, e.node.idleDays])).toEqual([
        [f.leases.l3.id, 'NEVER_ACTIVATED', 100],
        [f.leases.l4.id, 'NOT_SEEN', 30],
      ]);
      expect([r.idleLeases.idleAfterDays, r.idleLeases.graceDays]).toEqual([30, 14]);
    });

    it('filters by product type with its global ID', async () => {
      const filter = { productTypeId: gid('ProductType', f.types.SMARTERMAIL) };
      const { data } = await t.gql<Reports>(ALL_REPORTS, { range: RANGE, filter }, ownerA);
      expect(data.reports.activeLeases.map((p) => p.activeLeases)).toEqual([1, 3, 2, 2]);
      expect(data.reports.spendByProduct.total).toEqual({ leases: 2, monthlySpendCents: 2850 });
      expect(data.reports.invoiceTotals.total).toEqual({ invoices: 2, totalCents: 3800 + 4000 });
      expect(data.reports.idleLeases.totalCount).toBe(0);
    });

    it('projects the current month through the billing engine', async () => {
      const { data, errors } = await t.gql<{ reports: { invoiceTotals: { currentMonth: { period: string; monthToDateCents: number; projectedCents: number } } } }>(
        `{ reports { invoiceTotals(from: "2025-01-01T00:00:00Z", to: "2025-04-01T00:00:00Z") { currentMonth { period monthToDateCents projectedCents } } } }`,
        {},
        ownerA,
      );
      expect(errors).toBeUndefined();
      const preview = await billingPreview(t.db, f.partnerA.id, t.clock.now());
      expect(data.reports.invoiceTotals.currentMonth).toEqual({ period: '2025-03', monthToDateCents: preview.monthToDateCents, projectedCents: preview.projectedCents });
      expect(preview.projectedCents).toBeGreaterThan(preview.monthToDateCents);
    });
  });

  describe('for another partner', () => {
    it('never counts partner A’s rows', async () => {
      const { data } = await t.gql<Reports>(ALL_REPORTS, { range: RANGE }, ownerB);
      expect(data.reports.activeLeases.map((p) => p.activeLeases)).toEqual([0, 1, 1, 1]);
      expect(data.reports.spendByProduct.total).toEqual({ leases: 1, monthlySpendCents: 1600 });
      expect(data.reports.topCustomers.map((c) => c.email)).toEqual(['alice@example.test']);
      expect(data.reports.invoiceTotals.total).toEqual({ invoices: 1, totalCents: 1600 });
    });
  });

  describe('for vendor staff', () => {
    it('covers every partner, without a month projection', async () => {
      const { data } = await t.gql<Reports>(ALL_REPORTS, { range: RANGE }, admin);
      expect(data.reports.activeLeases.map((p) => p.activeLeases)).toEqual([2, 5, 5, 5]);
      expect(data.reports.spendByProduct.total).toEqual({ leases: 5, monthlySpendCents: 6850 });
      expect(data.reports.idleLeases).toMatchObject({ totalCount: 3, totalMonthlyCents: 4000 });
      const projection = await t.gql<{ reports: { invoiceTotals: { currentMonth: null } } }>(
        '{ reports { invoiceTotals(from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z") { currentMonth { period } } } }',
        {},
        admin,
      );
      expect(projection.data.reports.invoiceTotals.currentMonth).toBeNull();
    });
  });

  describe('with an API key', () => {
    it('answers with reports:read and refuses without it', async () => {
      const withScope = await apiKeyFor(t.db, f.partnerA.id, ['reports:read']);
      const without = await apiKeyFor(t.db, f.partnerA.id, ['leases:read', 'customers:export']);
      expect((await t.gql<Reports>(ALL_REPORTS, { range: RANGE }, withScope.headers)).data.reports.spendByProduct.total.leases).toBe(4);
      const refused = await t.gql(ALL_REPORTS, { range: RANGE }, without.headers);
      expect(refused.errors?.map((e) => e.message)).toEqual([expect.stringMatching(/^Not authorized/)]);
    });
  });

  describe('with a bad range', () => {
    it.each([
      [{ ...RANGE, to: RANGE.from }, '`from` must be before `to`'],
      [{ from: '2020-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z', granularity: 'DAY' }, 'the range is more than 1000 days long'],
    ])('refuses it with a message (%j)', async (range, message) => {
      const { errors } = await t.gql('query($range: ReportRange!) { reports { activeLeases(range: $range) { end } } }', { range }, ownerA);
      expect(errors?.[0]?.message).toContain(message);
    });
  });

  describe('idle leases, page by page', () => {
    it('follows the cursors to the end with the same totals on every page', async () => {
      const query = `query($after: String) { reports { idleLeases(first: 1, after: $after) {
        totalCount totalMonthlyCents pageInfo { hasNextPage endCursor } edges { node { leaseNumber } } } } }`;
      const seen: number[] = [];
      let after: string | null = null;
      for (let page = 0; page < 5; page++) {
        type Page = { reports: { idleLeases: { totalCount: number; totalMonthlyCents: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { leaseNumber: number } }[] } } };
        const response: { data: Page } = await t.gql<Page>(query, { after }, admin);
        const conn = response.data.reports.idleLeases;
        expect([conn.totalCount, conn.totalMonthlyCents]).toEqual([3, 4000]);
        seen.push(...conn.edges.map((e) => e.node.leaseNumber));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(seen).toEqual([f.leases.l7.id, f.leases.l3.id, f.leases.l4.id]);
    });

    it('refuses a forged cursor', async () => {
      const { errors } = await t.gql('{ reports { idleLeases(after: "bm9wZQ") { totalCount } } }', {}, ownerA);
      expect(errors?.[0]?.message).toBe('Invalid cursor');
    });
  });
});
