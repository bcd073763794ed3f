import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createDb, Migrator } from '@leaseboard/db';
import { seedCatalog } from '@leaseboard/db/catalog';
import { withDatabase } from '@leaseboard/db/testing/test-database';
import { ManualClock } from '@leaseboard/domain/clock';
import { formatCents } from '@leaseboard/domain/billing/money';
import { runBilling, type BillingRunSummary } from '@leaseboard/domain/billing/run-billing';
import { databaseSandboxGateway } from '@leaseboard/domain/billing/sandbox-store';
import { writeBenchLeases } from './support/billing-data.ts';

/**
 * `pnpm bench billing`: a full billing run of January 2025 (history → invoices → numbers → auto-pay)
 * on PostgreSQL, at 10,000 and at 100,000 leases (20% of them changed during the month), each in a
 * fresh scratch database on the BENCH_DATABASE_URL server. The floor it is compared with is one plain
 * SELECT of the month's lease history over `pg`, the least I/O any run must do. Target: ≤ 10 s at 100k.
 */
const SERVER_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const LEASES_PER_PARTNER = 100;
const SCALES = (process.env['BENCH_BILLING_SCALES'] ?? '10000,100000').split(',').map(Number);
const TARGET_MS = 10_000;
const PERIOD = '2025-01';

const FLOOR_SQL = `
  SELECT h.* FROM "LeaseHistory" h JOIN "Lease" l ON l.id = h."leaseId"
  WHERE l."startedAt" < '2025-02-01T00:00:00Z' AND (l."stoppedAt" IS NULL OR l."stoppedAt" > '2025-01-01T00:00:00Z')
    AND h."effectiveAt" < '2025-02-01T00:00:00Z'`;

interface Measurement {
  leases: number;
  historyRows: number;
  floorMs: number;
  runMs: number;
  /** CPU time of this process (the rest is PostgreSQL and waiting). */
  cpuMs: number;
  /** 1-minute load average when the run started: the machine may be shared. */
  load: number;
  summary: BillingRunSummary;
}

async function scratchDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(SERVER_URL, name);
  await new Migrator({ databaseUrl: url }).deploy();
  return url;
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => admin.end());
}

async function measure(leases: number): Promise<Measurement> {
  const name = `lb_bench_billing_${leases}`;
  const url = await scratchDatabase(name);
  const db = createDb(url, { max: 10 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await seedCatalog(db);
    const written = performance.now();
    await writeBenchLeases(client, leases / LEASES_PER_PARTNER, LEASES_PER_PARTNER);
    console.log(`  ${leases.toLocaleString('en-US')} leases written in ${((performance.now() - written) / 1000).toFixed(1)} s`);

    await client.query('SET jit = off');
    let floorMs = Infinity;
    let historyRows = 0;
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      historyRows = (await client.query(FLOOR_SQL)).rowCount ?? 0;
      floorMs = Math.min(floorMs, performance.now() - started);
    }

    const clock = new ManualClock('2025-02-01T00:05:00Z');
    const load = loadavg()[0]!;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await runBilling({ db, clock, gateway: databaseSandboxGateway(db) }, { period: PERIOD });
    const runMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    if (!result.ok) throw new Error(`billing refused: ${result.errors.map((e) => e.code).join(', ')}`);
    return { leases, historyRows, floorMs, runMs, cpuMs, load, summary: result.value };
  } finally {
    await client.end();
    await db.$disconnect();
    await dropDatabase(name);
  }
}

function report(m: Measurement): void {
  const s = m.summary;
  console.log(`  ${m.leases.toLocaleString('en-US')} leases, ${s.partners} partners, ${m.historyRows.toLocaleString('en-US')} history rows`);
  console.log(`    floor (one SELECT of the month's history over pg, JIT off, best of 3): ${m.floorMs.toFixed(0)} ms`);
  console.log(`    billing run: ${(m.runMs / 1000).toFixed(2)} s = ${(m.runMs / m.floorMs).toFixed(1)}× the floor`);
  console.log(`      time in each step (they overlap across batches): invoices ${s.phases.generateMs} ms, numbering ${s.phases.finalizeMs} ms, auto-pay ${s.phases.chargeMs} ms`);
  console.log(`      node CPU ${(m.cpuMs / 1000).toFixed(2)} s; load average ${m.load.toFixed(1)} on ${cpus().length} CPUs when it started`);
  console.log(`    ${s.invoices} invoices, ${formatCents(s.totalCents)}; charges: ${JSON.stringify(s.charges)}`);
}

console.log(`billing bench on ${SERVER_URL.replace(/\/\/[^@/]*@/, '//')} (scratch databases lb_bench_billing_<n>)`);
const results: Measurement[] = [];
for (const leases of SCALES) {
  const m = await measure(leases);
  report(m);
  results.push(m);
}
const small = results.find((m) => m.leases === 10_000);
const large = results.find((m) => m.leases === 100_000);
if (small && large) {
  console.log(`growth 10k → 100k: run ×${(large.runMs / small.runMs).toFixed(1)}, floor ×${(large.floorMs / small.floorMs).toFixed(1)} (leases ×10)`);
}
if (large) {
  const verdict = large.runMs <= TARGET_MS ? 'within' : 'OVER';
  console.log(`100k leases billed in ${(large.runMs / 1000).toFixed(2)} s: ${verdict} the ${TARGET_MS / 1000} s target`);
  if (large.runMs > TARGET_MS) process.exitCode = 1;
}
