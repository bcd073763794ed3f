import { loadavg } from 'node:os';
import pg from 'pg';
import { createDb, type Db } from '@leaseboard/db';
import { REPORT_ROLLUP_TRIGGERS, setTriggers } from '@leaseboard/seed/report-rollups';
import { startLease } from '@leaseboard/domain/leases/start-lease';
import { stopLease } from '@leaseboard/domain/leases/stop-lease';
import { prepareBenchDatabase } from './bench-database.ts';

/**
 * `pnpm bench lease-writes`: what the report tables' triggers cost the writes that keep them. Lease starts
 * (with an add-on) and stops through the use cases, 8 at a time, with the report_rollups triggers on
 * against the same writes with them off, in alternating rounds of one run. Two workloads: every write on
 * one partner's one product (every write of a round updates the same rollup rows: the worst case for their
 * row locks), and writes spread over every partner and product. CustomerSpend's triggers stay on in both.
 * The scratch database (lb_bench_writes, 20,000 leases) is rebuilt from its rows at the end.
 */
const URL_ = process.env['BENCH_WRITES_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/lb_bench_writes';
const WRITES = Number(process.env['BENCH_WRITES'] ?? 400);
const CONCURRENCY = 8;
const ROUNDS = 3;

interface Target {
  partnerId: number;
  productId: number;
  addOnId: number;
}

const meta = () => ({ viewer: { kind: 'anonymous' as const, scopes: new Set<never>(), label: 'bench' }, ip: null, requestId: 'bench', at: new Date() });

/** Runs `count` operations CONCURRENCY at a time; returns each one's latency (ms) and the whole time. */
async function timed(count: number, op: (i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const started = performance.now();
        await op(i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - t0) / 1000 };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function round(db: Db, targets: Target[], tag: string) {
  const leaseIds: { partnerId: number; leaseId: number }[] = [];
  const starts = await timed(WRITES, async (i) => {
    const target = targets[i % targets.length]!;
    const result = await startLease(db, target.partnerId, meta(), {
      productId: target.productId,
      addOnIds: [target.addOnId],
      customer: { email: `writes-${tag}-${i}@bench.test` },
    });
    if (!result.ok) throw new Error(result.errors.map((e) => e.code).join());
    leaseIds.push({ partnerId: target.partnerId, leaseId: result.value.leaseId });
  });
  const stops = await timed(leaseIds.length, async (i) => {
    const { partnerId, leaseId } = leaseIds[i]!;
    const result = await stopLease(db, partnerId, meta(), { leaseId });
    if (!result.ok) throw new Error(result.errors.map((e) => e.code).join());
  });
  return { starts, stops };
}

function summary(runs: { latencies: number[]; seconds: number }[]) {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), perSecond: latencies.length / seconds };
}

async function main() {
  const url = await prepareBenchDatabase(console.log, { url: URL_, scale: 20_000 });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = createDb(url, { max: CONCURRENCY });
  const { rows: pairs } = await pool.query<Target>(`
    SELECT pa.id AS "partnerId", p.id AS "productId", a.id AS "addOnId"
    FROM "Partner" pa CROSS JOIN "Product" p
    JOIN "AddOn" a ON a."productTypeId" = p."productTypeId" AND p.edition = ANY(a.editions)
    WHERE pa.status = 'ACTIVE' AND p.active AND a.active
    ORDER BY pa.id, p.id, a.id`);
  const hot = [pairs[0]!];
  const spread = pairs.filter((_, i) => i % 7 === 0);
  console.log(`lease-writes bench: ${WRITES} starts then ${WRITES} stops per round, ${CONCURRENCY} at a time, ${ROUNDS} rounds each way; 2 CPUs, load average ${loadavg()[0]!.toFixed(1)}`);
  const results: Record<string, Record<'on' | 'off', { starts: { latencies: number[]; seconds: number }[]; stops: { latencies: number[]; seconds: number }[] }>> = {};
  for (const [name, targets] of [['one partner, one product', hot], [`spread over ${spread.length} partner × product pairs`, spread]] as const) {
    results[name] = { on: { starts: [], stops: [] }, off: { starts: [], stops: [] } };
    for (let r = 0; r < ROUNDS; r++) {
      for (const mode of r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        await setTriggers(pool, REPORT_ROLLUP_TRIGGERS, mode === 'on');
        const { starts, stops } = await round(db, targets, `${Date.now()}-${mode}`);
        results[name]![mode].starts.push(starts);
        results[name]![mode].stops.push(stops);
      }
    }
  }
  await setTriggers(pool, REPORT_ROLLUP_TRIGGERS, true);
  await pool.query(`SELECT "lb_rebuild_report_rollups"()`);

  console.log('\n| workload | write | rollups on: p50 / p99 ms, writes/s | off: p50 / p99 ms, writes/s | on / off, writes/s |\n|---|---|---|---|---:|');
  for (const [name, byMode] of Object.entries(results)) {
    for (const kind of ['starts', 'stops'] as const) {
      const on = summary(byMode.on[kind]);
      const off = summary(byMode.off[kind]);
      console.log(
        `| ${name} | ${kind} | ${on.p50.toFixed(1)} / ${on.p99.toFixed(1)}, ${on.perSecond.toFixed(0)} | ${off.p50.toFixed(1)} / ${off.p99.toFixed(1)}, ${off.perSecond.toFixed(0)} | ×${(on.perSecond / off.perSecond).toFixed(2)} |`,
      );
    }
  }
  console.log(`\nload average at the end: ${loadavg()[0]!.toFixed(1)}`);
  await db.$disconnect();
  await pool.end();
}

await main();
