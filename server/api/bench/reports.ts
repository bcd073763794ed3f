import { loadavg } from 'node:os';
import pg from 'pg';
import { createDb, type Db } from '@leaseboard/db';
import { countActiveLeases } from '@leaseboard/domain/reports/count-active-leases';
import { countLeaseStartsAndStops } from '@leaseboard/domain/reports/count-lease-starts-and-stops';
import { findIdleLeases } from '@leaseboard/domain/reports/find-idle-leases';
import { rankCustomersBySpend } from '@leaseboard/domain/reports/rank-customers-by-spend';
import type { ReportScope } from '@leaseboard/domain/reports/report-sql';
import { sumInvoicesByMonth } from '@leaseboard/domain/reports/sum-invoices-by-month';
import { sumSpendByProduct } from '@leaseboard/domain/reports/sum-spend-by-product';
import { BENCH_NOW, prepareBenchDatabase } from './bench-database.ts';

/**
 * `pnpm bench reports`: every report's p50 (the use case: SQL through Prisma plus the mapping) against the
 * plain SQL aggregate it stands for, the query one would write first, run through `pg` with default
 * settings, for the partner with most leases and for vendor staff (every partner). Each pair is checked
 * to give the same figures before it is timed. Target: report p50 ≤ 200 ms.
 */
const RUNS = Number(process.env['BENCH_RUNS'] ?? 15);
const NOW = BENCH_NOW;
const YEAR = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };
const QUARTER = { from: new Date('2025-10-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };
const IDLE_BEFORE = new Date(NOW.getTime() - 30 * 86_400_000);

type Case = {
  name: string;
  report: (db: Db, scope: ReportScope) => Promise<number[]>;
  plain: (pool: pg.Pool, partnerId: number | null) => Promise<number[]>;
};

const partnerSql = (partnerId: number | null, alias = 'l') => (partnerId === null ? 'TRUE' : `${alias}."partnerId" = ${Number(partnerId)}`);

// The obvious way to price a lease now: correlated look-ups of the latest prices.
const LEASE_PRICE = `
  (SELECT pp."amountCents" FROM "ProductPrice" pp WHERE pp."productId" = l."productId" AND pp."effectiveFrom" <= $1 ORDER BY pp."effectiveFrom" DESC LIMIT 1)
  + coalesce((SELECT sum((SELECT ap."amountCents" FROM "AddOnPrice" ap WHERE ap."addOnId" = la."addOnId" AND ap."tierRank" = p."tierRank"
      AND ap."effectiveFrom" <= $1 ORDER BY ap."effectiveFrom" DESC LIMIT 1)) FROM "LeaseAddOn" la WHERE la."leaseId" = l.id), 0)`;

const CASES: Case[] = [
  {
    name: 'active leases, 12 months',
    report: async (db, scope) => (await countActiveLeases(db, scope, { ...YEAR, granularity: 'MONTH' })).map((p) => p.activeLeases),
    plain: async (pool, partnerId) =>
      (
        await pool.query(
          `SELECT e, (SELECT count(*) FROM "Lease" l WHERE ${partnerSql(partnerId)} AND l."startedAt" < e AND (l."stoppedAt" IS NULL OR l."stoppedAt" >= e))::int AS n
           FROM generate_series($1::timestamptz + interval '1 month', $2::timestamptz, interval '1 month') AS e ORDER BY e`,
          [YEAR.from, YEAR.to],
        )
      ).rows.map((r) => r.n),
  },
  {
    name: 'active leases, 92 days',
    report: async (db, scope) => (await countActiveLeases(db, scope, { ...QUARTER, granularity: 'DAY' })).map((p) => p.activeLeases),
    plain: async (pool, partnerId) =>
      (
        await pool.query(
          `SELECT e, (SELECT count(*) FROM "Lease" l WHERE ${partnerSql(partnerId)} AND l."startedAt" < e AND (l."stoppedAt" IS NULL OR l."stoppedAt" >= e))::int AS n
           FROM generate_series($1::timestamptz + interval '1 day', $2::timestamptz, interval '1 day') AS e ORDER BY e`,
          [QUARTER.from, QUARTER.to],
        )
      ).rows.map((r) => r.n),
  },
  {
    name: 'new and stopped, 12 months',
    report: async (db, scope) => (await countLeaseStartsAndStops(db, scope, { ...YEAR, granularity: 'MONTH' })).periods.flatMap((p) => [p.started, p.stopped]),
    plain: async (pool, partnerId) => {
      const { rows } = await pool.query(
        `SELECT m, (SELECT count(*) FROM "Lease" l WHERE ${partnerSql(partnerId)} AND l."startedAt" >= m AND l."startedAt" < m + interval '1 month')::int AS started,
                   (SELECT count(*) FROM "Lease" l WHERE ${partnerSql(partnerId)} AND l."stoppedAt" >= m AND l."stoppedAt" < m + interval '1 month')::int AS stopped
         FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 month', interval '1 month') AS m ORDER BY m`,
        [YEAR.from, YEAR.to],
      );
      return rows.flatMap((r) => [r.started, r.stopped]);
    },
  },
  {
    name: 'spend by product and add-on',
    report: async (db, scope) => {
      const r = await sumSpendByProduct(db, scope, NOW);
      return [r.total.leases, r.total.monthlySpendCents];
    },
    plain: async (pool, partnerId) => {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS leases, sum(${LEASE_PRICE})::bigint AS cents
         FROM "Lease" l JOIN "Product" p ON p.id = l."productId" WHERE l.status = 'ACTIVE' AND ${partnerSql(partnerId)}`,
        [NOW],
      );
      return [rows[0].leases, Number(rows[0].cents)];
    },
  },
  {
    name: 'invoice totals per month',
    report: async (db, scope) => (await sumInvoicesByMonth(db, scope, { from: new Date('2024-01-01T00:00:00Z'), to: NOW })).months.map((m) => m.totalCents),
    plain: async (pool, partnerId) =>
      (
        await pool.query(
          `SELECT period, sum("totalCents")::bigint AS total FROM "Invoice" i
           WHERE ${partnerSql(partnerId, 'i')} AND status IN ('OPEN', 'PAID', 'PAST_DUE') AND "periodStart" >= $1 AND "periodStart" < $2 GROUP BY period ORDER BY period`,
          [new Date('2024-01-01T00:00:00Z'), NOW],
        )
      ).rows.map((r) => Number(r.total)),
  },
  {
    name: 'top 10 customers by spend',
    report: async (db, scope) => (await rankCustomersBySpend(db, scope, NOW, 10)).flatMap((c) => [c.customerId, c.monthlySpendCents]),
    plain: async (pool, partnerId) =>
      (
        await pool.query(
          `SELECT l."customerId", sum(${LEASE_PRICE})::bigint AS cents
           FROM "Lease" l JOIN "Product" p ON p.id = l."productId" WHERE l.status = 'ACTIVE' AND ${partnerSql(partnerId)}
           GROUP BY l."customerId" ORDER BY cents DESC, l."customerId" LIMIT 10`,
          [NOW],
        )
      ).rows.flatMap((r) => [r.customerId, Number(r.cents)]),
  },
  {
    name: 'idle leases (total + first page)',
    report: async (db, scope) => {
      const page = await findIdleLeases(db, scope, NOW, { first: 25 });
      return [page.totalCount, page.totalMonthlyCents, ...page.leases.map((l) => l.leaseId)];
    },
    plain: async (pool, partnerId) => {
      const { rows } = await pool.query(
        `WITH idle AS (SELECT l.id, ${LEASE_PRICE} AS cents FROM "Lease" l JOIN "Product" p ON p.id = l."productId"
                       WHERE l.status = 'ACTIVE' AND ${partnerSql(partnerId)} AND (l."lastSeenAt" IS NULL OR l."lastSeenAt" <= $2))
         SELECT (SELECT count(*) FROM idle)::int AS n, (SELECT sum(cents) FROM idle)::bigint AS total,
                ARRAY(SELECT id FROM idle ORDER BY cents DESC, id LIMIT 25) AS ids`,
        [NOW, IDLE_BEFORE],
      );
      return [rows[0].n, Number(rows[0].total ?? 0), ...rows[0].ids];
    },
  },
];

/** Median of RUNS timed runs after a warm-up, or of fewer (at least 3) when they take over 20 s together. */
async function p50(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < RUNS && (i < 3 || performance.now() - started < 20_000); i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main() {
  const url = await prepareBenchDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const db = createDb(url, { max: 4 });
  const sizes = await pool.query(`SELECT (SELECT count(*) FROM "Lease")::int AS leases, (SELECT count(*) FROM "Customer")::int AS customers`);
  const biggest = (await pool.query(`SELECT "partnerId", count(*)::int AS n FROM "Lease" GROUP BY 1 ORDER BY 2 DESC LIMIT 1`)).rows[0];
  const cores = (await import('node:os')).cpus().length;
  console.log(`reports bench: ${sizes.rows[0].leases} leases, ${sizes.rows[0].customers} customers; ${RUNS} runs per figure; ${cores} CPUs, load average ${loadavg()[0]!.toFixed(1)}`);
  const scopes: [string, number | null][] = [[`partner ${biggest.partnerId} (${biggest.n} leases)`, biggest.partnerId], ['vendor staff (every partner)', null]];
  const rows: string[][] = [];
  for (const [label, partnerId] of scopes) {
    for (const c of CASES) {
      const scope = { partnerId };
      const [mine, theirs] = [await c.report(db, scope), await c.plain(pool, partnerId)];
      if (JSON.stringify(mine) !== JSON.stringify(theirs)) throw new Error(`${c.name} (${label}): report ${JSON.stringify(mine).slice(0, 200)} ≠ plain SQL ${JSON.stringify(theirs).slice(0, 200)}`);
      const report = await p50(() => c.report(db, scope));
      const plain = await p50(() => c.plain(pool, partnerId));
      rows.push([label, c.name, report.toFixed(1), plain.toFixed(1), `×${(plain / report).toFixed(1)}`, report <= 200 ? 'yes' : 'NO']);
      console.log(rows[rows.length - 1]!.join('  |  '));
    }
  }
  console.log('\n| scope | report | report p50 ms | plain SQL p50 ms | plain / report | ≤ 200 ms |\n|---|---|---:|---:|---:|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nload average at the end: ${loadavg()[0]!.toFixed(1)}`);
  await db.$disconnect();
  await pool.end();
}

await main();
