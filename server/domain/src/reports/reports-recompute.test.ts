import type { Db } from '@leaseboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { createPartner } from '../../test/factories.ts';
import { buildReportFixture, NOW, type ReportFixture } from '../../test/report-fixture.ts';
import { countActiveLeases } from './count-active-leases.ts';
import { countLeaseStartsAndStops } from './count-lease-starts-and-stops.ts';
import { findIdleLeases, IDLE_AFTER_DAYS, IDLE_GRACE_DAYS } from './find-idle-leases.ts';
import { rankCustomersBySpend } from './rank-customers-by-spend.ts';
import { bucketsOf, type Granularity } from './report-buckets.rules.ts';
import type { ReportScope } from './report-sql.ts';
import { sumInvoicesByMonth } from './sum-invoices-by-month.ts';
import { sumSpendByProduct } from './sum-spend-by-product.ts';

/**
 * The SQL aggregates must agree with the rows they summarise: each report is computed again here in plain
 * JavaScript from every row of the tables involved, for several scopes and granularities, on the
 * hand-built fixture plus a few hundred pseudo-random leases.
 */
let t: TestServices;
let f: ReportFixture;
let raw: Awaited<ReturnType<typeof readRaw>>;
const now = new Date(NOW);

beforeAll(async () => {
  t = await createTestServices({ now: NOW });
  f = await buildReportFixture(t.db);
  await addRandomLeases(t.db, f);
  raw = await readRaw(t.db);
});
afterAll(() => t.close());

function scopes(): [string, ReportScope][] {
  return [
    ['partner A', { partnerId: f.partnerA.id }],
    ['every partner', { partnerId: null }],
    ['every partner, SmarterMail', { partnerId: null, productTypeId: f.types.SMARTERMAIL }],
    ['partner A, SmarterStats', { partnerId: f.partnerA.id, productTypeId: f.types.SMARTERSTATS }],
    ['every partner, SM-ENT-250', { partnerId: null, productId: f.product('SM-ENT-250').id }],
  ];
}

describe.each(['DAY', 'WEEK', 'MONTH'] as Granularity[])('lease movements by %s', (granularity) => {
  const range = { from: new Date('2024-10-17T05:00:00Z'), to: new Date('2025-03-15T12:00:00Z'), granularity };
  it.each([0, 1, 2, 3, 4])('agree with the lease rows (scope %i)', async (index) => {
    const [, scope] = scopes()[index]!;
    const leases = raw.leases.filter((l) => inScope(l, scope));
    const buckets = bucketsOf(range)!;
    const active = await countActiveLeases(t.db, scope, range);
    const flow = await countLeaseStartsAndStops(t.db, scope, range);
    expect(active.map((p) => p.activeLeases)).toEqual(
      buckets.map((b) => leases.filter((l) => l.startedAt < b.end && !(l.stoppedAt && l.stoppedAt < b.end)).length),
    );
    expect(flow.periods.map((p) => [p.started, p.stopped])).toEqual(
      buckets.map((b) => [
        leases.filter((l) => l.startedAt >= b.start && l.startedAt < b.end).length,
        leases.filter((l) => l.stoppedAt && l.stoppedAt >= b.start && l.stoppedAt < b.end).length,
      ]),
    );
  });
});

describe('current spend', () => {
  it.each([0, 1, 2, 3, 4])('by product and add-on agrees with the lease rows (scope %i)', async (index) => {
    const [, scope] = scopes()[index]!;
    const active = raw.leases.filter((l) => l.status === 'ACTIVE' && inScope(l, scope));
    const report = await sumSpendByProduct(t.db, scope, now);
    expect(report.total).toEqual({ leases: active.length, monthlySpendCents: sum(active.map(leaseCost)) });
    for (const p of report.products) {
      const of = active.filter((l) => l.productId === p.productId);
      expect([p.leases, p.productCents, p.monthlySpendCents]).toEqual([of.length, sum(of.map(productCost)), sum(of.map(leaseCost))]);
    }
    for (const type of report.productTypes) {
      const of = active.filter((l) => raw.products.get(l.productId)!.productTypeId === type.productTypeId);
      expect([type.leases, type.monthlySpendCents]).toEqual([of.length, sum(of.map(leaseCost))]);
    }
    for (const addOn of report.addOns) {
      const of = active.filter((l) => l.addOnIds.includes(addOn.addOnId));
      expect([addOn.leases, addOn.monthlySpendCents]).toEqual([of.length, sum(of.map((l) => addOnPrice(addOn.addOnId, raw.products.get(l.productId)!.tierRank)))]);
    }
    expect(sum(report.products.map((p) => p.leases))).toBe(active.length);
  });

  it.each([0, 1, 2])('per customer agrees with the lease rows (scope %i)', async (index) => {
    const [, scope] = scopes()[index]!;
    const byCustomer = new Map<number, { leases: number; cents: number }>();
    for (const l of raw.leases.filter((x) => x.status === 'ACTIVE' && inScope(x, scope))) {
      const entry = byCustomer.get(l.customerId) ?? { leases: 0, cents: 0 };
      entry.leases++;
      entry.cents += leaseCost(l);
      byCustomer.set(l.customerId, entry);
    }
    const expected = [...byCustomer.entries()].sort(([a, x], [b, y]) => y.cents - x.cents || a - b).slice(0, 15);
    const top = await rankCustomersBySpend(t.db, scope, now, 15);
    expect(top.map((c) => [c.customerId, c.activeLeases, c.monthlySpendCents])).toEqual(expected.map(([id, e]) => [id, e.leases, e.cents]));
  });

  it.each([0, 1, 2, 3])('of idle leases agrees with the lease rows, page after page (scope %i)', async (index) => {
    const [, scope] = scopes()[index]!;
    const seenBefore = now.getTime() - IDLE_AFTER_DAYS * 86_400_000;
    const startedBefore = now.getTime() - IDLE_GRACE_DAYS * 86_400_000;
    const neverSeen = (l: (typeof raw.leases)[number]) => l.serverName === null || l.lastSeenAt === null;
    const idle = raw.leases
      .filter(
        (l) =>
          l.status === 'ACTIVE' &&
          inScope(l, scope) &&
          (neverSeen(l) ? l.startedAt.getTime() <= startedBefore : l.lastSeenAt!.getTime() <= seenBefore),
      )
      .map((l) => ({ id: l.id, cents: leaseCost(l) }))
      .sort((a, b) => b.cents - a.cents || a.id - b.id);
    const seen: number[] = [];
    let after = null;
    for (;;) {
      const page = await findIdleLeases(t.db, scope, now, { first: 7, after });
      expect([page.totalCount, page.totalMonthlyCents]).toEqual([idle.length, sum(idle.map((i) => i.cents))]);
      seen.push(...page.leases.map((l) => l.leaseId));
      if (!page.hasNextPage) break;
      const last = page.leases[page.leases.length - 1]!;
      after = { monthlyCents: last.monthlyCents, leaseId: last.leaseId };
    }
    expect(seen).toEqual(idle.map((i) => i.id));
  });
});

describe('invoice totals', () => {
  it.each([0, 1, 2, 4])('agree with the invoice and line rows (scope %i)', async (index) => {
    const [, scope] = scopes()[index]!;
    const range = { from: new Date('2024-06-01T00:00:00Z'), to: new Date('2025-06-01T00:00:00Z') };
    const report = await sumInvoicesByMonth(t.db, scope, range);
    const invoices = raw.invoices.filter(
      (i) => ['OPEN', 'PAID', 'PAST_DUE'].includes(i.status) && i.periodStart >= range.from && i.periodStart < range.to && (scope.partnerId === null || i.partnerId === scope.partnerId),
    );
    const skus = skusOf(scope);
    const amount = (i: (typeof invoices)[number]) => (skus ? sum(i.lines.filter((l) => skus.has(l.sku)).map((l) => l.amountCents)) : i.totalCents);
    const counted = skus ? invoices.filter((i) => i.lines.some((l) => skus.has(l.sku))) : invoices;
    const periods = [...new Set(counted.map((i) => i.period))].sort();
    expect(report.months).toEqual(
      periods.map((period) => {
        const of = counted.filter((i) => i.period === period);
        return {
          period,
          invoices: of.length,
          totalCents: sum(of.map(amount)),
          paidCents: sum(of.filter((i) => i.status === 'PAID').map(amount)),
          outstandingCents: sum(of.filter((i) => i.status !== 'PAID').map(amount)),
        };
      }),
    );
  });
});

// ── the oracle ──

type RawLease = Awaited<ReturnType<typeof readRaw>>['leases'][number];

async function readRaw(db: Db) {
  const [leases, products, productPrices, addOnPrices, addOns, invoices] = await Promise.all([
    db.lease.findMany({ include: { addOns: true } }),
    db.product.findMany(),
    db.productPrice.findMany(),
    db.addOnPrice.findMany(),
    db.addOn.findMany(),
    db.invoice.findMany({ include: { lines: true } }),
  ]);
  return {
    leases: leases.map((l) => ({ ...l, addOnIds: l.addOns.map((a) => a.addOnId) })),
    products: new Map(products.map((p) => [p.id, p])),
    productPrices,
    addOnPrices,
    addOns,
    invoices,
  };
}

function inScope(l: { partnerId: number; productId: number }, scope: ReportScope): boolean {
  if (scope.partnerId !== null && l.partnerId !== scope.partnerId) return false;
  if (scope.productId != null && l.productId !== scope.productId) return false;
  if (scope.productTypeId != null && raw.products.get(l.productId)!.productTypeId !== scope.productTypeId) return false;
  return true;
}

function latest<T extends { effectiveFrom: Date; amountCents: number }>(prices: T[]): number {
  const inForce = prices.filter((p) => p.effectiveFrom <= now).sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime());
  return inForce[0]?.amountCents ?? 0;
}

function productCost(l: RawLease): number {
  return latest(raw.productPrices.filter((p) => p.productId === l.productId));
}

function addOnPrice(addOnId: number, tierRank: number): number {
  return latest(raw.addOnPrices.filter((p) => p.addOnId === addOnId && p.tierRank === tierRank));
}

function leaseCost(l: RawLease): number {
  const rank = raw.products.get(l.productId)!.tierRank;
  return productCost(l) + sum(l.addOnIds.map((id) => addOnPrice(id, rank)));
}

function skusOf(scope: ReportScope): Set<string> | null {
  if (scope.productId != null) return new Set([raw.products.get(scope.productId)!.sku]);
  if (scope.productTypeId != null) {
    return new Set([
      ...[...raw.products.values()].filter((p) => p.productTypeId === scope.productTypeId).map((p) => p.sku),
      ...raw.addOns.filter((a) => a.productTypeId === scope.productTypeId).map((a) => a.sku),
    ]);
  }
  return null;
}

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

/** A few hundred more leases for a third partner (and two more invoices), from a fixed-seed generator. */
async function addRandomLeases(db: Db, fixture: ReportFixture): Promise<void> {
  let state = 42;
  const rand = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const partner = await createPartner(db, { company: 'Partner C' });
  const customers = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      db.customer.create({ data: { partnerId: partner.id, email: `c${i}@random.test`, emailNorm: `c${i}@random.test`, name: `Random ${i}` } }),
    ),
  );
  const start = new Date('2024-09-01T00:00:00Z').getTime();
  const span = now.getTime() - start;
  for (let i = 0; i < 300; i++) {
    const product = pick(fixture.catalog.products);
    const addOns = fixture.catalog.addOns.filter((a) => a.productTypeId === product.productTypeId && a.editions.includes(product.edition) && rand() < 0.4);
    const startedAt = new Date(start + Math.floor(rand() * span / 3_600_000) * 3_600_000);
    const stopped = rand() < 0.35;
    const stoppedAt = stopped ? new Date(Math.min(now.getTime(), startedAt.getTime() + Math.floor(rand() * 120) * 86_400_000)) : null;
    const activated = rand() < 0.8;
    const lastSeenAt = activated ? new Date(Math.max(startedAt.getTime(), now.getTime() - Math.floor(rand() * 60) * 86_400_000)) : null;
    const customer = pick(customers);
    await db.lease.create({
      data: {
        partnerId: partner.id,
        customerId: customer.id,
        productId: product.id,
        licenseKey: `${product.prefix}RANDOM${String(i).padStart(13, '0')}X`,
        status: stoppedAt ? 'STOPPED' : 'ACTIVE',
        startedAt,
        stoppedAt,
        sendKeyTo: customer.emailNorm,
        customerEmailNorm: customer.emailNorm,
        serverName: activated ? `srv${i}` : null,
        serverNorm: activated ? `srv${i}` : null,
        lastSeenAt,
        addOns: { create: addOns.map((a) => ({ addOnId: a.id })) }, // a stopped lease keeps its add-ons: they must not count
      },
    });
  }
  for (const [period, status] of [['2024-11', 'PAID'], ['2025-02', 'PAST_DUE']] as const) {
    const [year, month] = period.split('-').map(Number) as [number, number];
    const lines = Array.from({ length: 6 }, () => {
      const sku = rand() < 0.5 ? pick(fixture.catalog.products).sku : pick(fixture.catalog.addOns).sku;
      return { kind: 'PRODUCT' as const, customerEmail: 'x@random.test', description: sku, sku, priceCents: 100, days: 30, divisor: 30, fromDate: new Date(Date.UTC(year, month - 1, 1)), toDate: new Date(Date.UTC(year, month, 0)), amountCents: 100 + Math.floor(rand() * 5000) };
    });
    const total = sum(lines.map((l) => l.amountCents));
    await db.invoice.create({
      data: { partnerId: partner.id, period, periodStart: new Date(Date.UTC(year, month - 1, 1)), periodEnd: new Date(Date.UTC(year, month, 1)), status, subtotalCents: total, totalCents: total, lines: { create: lines } },
    });
  }
}
