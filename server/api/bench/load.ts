import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { newApiKeySecret } from '@leaseboard/domain/auth/api-key-secret';
import { startServerProcess, type ServerProcess } from '../test/scale-out/processes.ts';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database.ts';

/**
 * `pnpm bench load`: a mixed workload through API keys of several partners, on loopback, against 1 and then
 * 2 API processes (PROCESS_ROLE=api) on the million-lease PostgreSQL data set: 70 % lease searches and
 * details, 20 % reports, 10 % start, modify and stop. Requests are sent open-loop at a fixed rate (a slow
 * answer does not slow the sender down). The rate climbs by ×1.5 in short probes while a probe has no error
 * and a p99 ≤ 250 ms, then the gap to the lowest failing rate is halved while it is over 10 % (if the first
 * probe fails, the rate halves until one passes). The best passing rate is then held for BENCH_LOAD_HOLD_S
 * (60 s) and reported if it still passes (else 0.8 × it, at least 1 req/s less, is tried once). Prints each
 * process's RSS and the database connections.
 *
 *   BENCH_DATABASE_URL   the data set (see bench-database.ts)
 *   BENCH_LOAD_PROCESSES  "1,2" (default)
 *   BENCH_LOAD_PROBE_S    seconds per probe, default 10
 *   BENCH_LOAD_HOLD_S     seconds the final rate is held, default 60
 *   BENCH_LOAD_BUDGET_S   seconds of probing per process count at most, default 240
 *   BENCH_LOAD_START_RPS  first rate, default 10
 *   BENCH_LOAD_PARTNERS   partners (the largest first), each through its own API key; default 20
 */
const PROBE_S = Number(process.env['BENCH_LOAD_PROBE_S'] ?? 10);
const HOLD_S = Number(process.env['BENCH_LOAD_HOLD_S'] ?? 60);
const BUDGET_S = Number(process.env['BENCH_LOAD_BUDGET_S'] ?? 240);
const START_RPS = Number(process.env['BENCH_LOAD_START_RPS'] ?? 10);
const PROCESS_COUNTS = (process.env['BENCH_LOAD_PROCESSES'] ?? '1,2').split(',').map(Number);
const P99_LIMIT_MS = 250;
/** Partners sending, each through its own API key: all 20 of the seed by default, the load of many partners. */
const PARTNERS = Number(process.env['BENCH_LOAD_PARTNERS'] ?? 20);
/**
 * The bench measures what the server holds, not the per-caller limits (300 requests at once, then 10 a
 * second per key by default), which 20 keys at 200+ req/s for 60 s would reach first.
 */
const UNTHROTTLED = { RATE_LIMIT_REQUESTS_BURST: '1000000', RATE_LIMIT_REQUESTS_PER_SECOND: '1000000', RATE_LIMIT_POINTS_BURST: '1000000000', RATE_LIMIT_POINTS_PER_SECOND: '1000000000' };
const MAX_IN_FLIGHT = 1000;

const LEASE_FIELDS = 'leaseNumber licenseKey status startedAt machineName monthlyPriceCents product { name } customer { email } addOns { name }';
const Q = {
  activeLeases: `query { leases(first: 20, filter: { status: ACTIVE }) { totalCount edges { node { ${LEASE_FIELDS} } } } }`,
  search: `query($s: String!) { leases(first: 20, filter: { search: $s }) { edges { node { ${LEASE_FIELDS} } } } }`,
  detail: `query($n: Int!) { lease(leaseNumber: $n) { ${LEASE_FIELDS} history { version action } } }`,
  spend: `query { reports { spendByProduct { total { leases monthlySpendCents } products { sku leases monthlySpendCents } } } }`,
  top: `query { reports { topCustomers(limit: 10) { email activeLeases monthlySpendCents } } }`,
  active: `query($r: ReportRange!) { reports { activeLeases(range: $r) { start activeLeases } } }`,
  start: `mutation($input: StartLeaseInput!) { startLease(input: $input) { lease { id product { id } } userErrors { code } } }`,
  modify: `mutation($input: ModifyLeaseInput!) { modifyLease(input: $input) { lease { id product { id } } userErrors { code } } }`,
  stop: `mutation($input: StopLeaseInput!) { stopLease(input: $input) { lease { id } userErrors { code } } }`,
};

interface Partner {
  id: number;
  authorization: string;
  /** Ids of some of its leases, for look-ups and searches by lease ID. */
  leaseIds: number[];
  /** Leases this run started and has not stopped, with their product. */
  started: { id: string; productId: string }[];
}

type Operation = keyof typeof Q;

interface Result {
  operation: Operation;
  ms: number;
  error: string | null;
  userError: boolean;
}

interface Outcome {
  sent: number;
  errors: number;
  userErrors: number;
  p50: number;
  p99: number;
  firstError: string | null;
  /** Each operation's share of the requests and its own latencies, slowest p99 first. */
  byOperation: { operation: Operation; sent: number; errors: number; p50: number; p99: number; slowOfAll: number }[];
}

/** The value below which a share `q` of the sorted latencies lie. */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * Per operation: its p50 and p99, and `slowOfAll`, how many of the run's requests slower than the run's
 * p99 it sent (which operation makes the overall p99).
 */
function breakdown(done: Result[], overallP99: number): Outcome['byOperation'] {
  const groups = new Map<Operation, Result[]>();
  for (const result of done) groups.set(result.operation, [...(groups.get(result.operation) ?? []), result]);
  return [...groups.entries()]
    .map(([operation, results]) => {
      const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
      return {
        operation,
        sent: results.length,
        errors: results.filter((r) => r.error).length,
        p50: quantile(sorted, 0.5),
        p99: quantile(sorted, 0.99),
        slowOfAll: results.filter((r) => r.ms > overallP99).length,
      };
    })
    .sort((a, b) => b.p99 - a.p99);
}

/** A small deterministic generator, so two runs send the same mix. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function setUp(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const { rows } = await pool.query<{ partnerId: number }>(`SELECT "partnerId" FROM "Lease" GROUP BY 1 ORDER BY count(*) DESC LIMIT ${PARTNERS}`);
  const partners: Partner[] = [];
  for (const row of rows) {
    const secret = newApiKeySecret();
    await pool.query(`INSERT INTO "ApiKey" ("partnerId", name, prefix, hash, scopes) VALUES ($1, $2, $3, $4, $5)`, [
      row.partnerId,
      `bench load ${new Date().toISOString()}`,
      secret.prefix,
      secret.hash,
      ['leases:read', 'leases:write', 'reports:read'],
    ]);
    const sample = await pool.query<{ id: number }>(`SELECT id FROM "Lease" WHERE "partnerId" = $1 ORDER BY md5(id::text) LIMIT 2000`, [row.partnerId]);
    partners.push({ id: row.partnerId, authorization: `Bearer ${secret.key}`, leaseIds: sample.rows.map((r) => r.id), started: [] });
  }
  const products = await pool.query<{ id: number; productTypeId: number }>(`SELECT id, "productTypeId" FROM "Product" ORDER BY id`);
  await pool.end();
  return { partners, products: products.rows };
}

async function main() {
  const url = await prepareBenchDatabase(console.log, { url: BENCH_DATABASE_URL, scale: Number(process.env['BENCH_SCALE'] ?? 1_000_000) });
  const { partners, products } = await setUp(url);
  const leaseCount = await count(url, 'SELECT count(*)::int AS n FROM "Lease"');
  console.log(`load: ${leaseCount.toLocaleString('en')} leases, ${partners.length} partners' API keys, ${PROBE_S} s probes, ${HOLD_S} s hold, p99 ≤ ${P99_LIMIT_MS} ms, 0 errors`);
  const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
  const otherProduct = (productGid: string) => {
    const id = Number(Buffer.from(productGid, 'base64').toString().split(':')[1]);
    const type = products.find((p) => p.id === id)?.productTypeId;
    const same = products.filter((p) => p.productTypeId === type && p.id !== id);
    return same.length ? gid('Product', same[0]!.id) : null;
  };

  for (const processCount of PROCESS_COUNTS) {
    const env = {
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      SESSION_SECRET: 'bench-load-session-secret-0123456789abcdef',
      ...UNTHROTTLED,
      ...(process.env['BENCH_REDIS_URL'] !== '' ? { REDIS_URL: process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379' } : {}),
    };
    const apis = await Promise.all(Array.from({ length: processCount }, () => startServerProcess('api', env)));
    let next = 0;
    const rand = random(42);
    const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;

    const one = async (): Promise<Result> => {
      const api = apis[next++ % apis.length]!;
      const partner = partners[Math.floor(rand() * partners.length)]!;
      const roll = rand() * 100;
      let operation: Operation;
      let variables: Record<string, unknown> = {};
      let after: ((data: any) => void) | null = null;
      if (roll < 20) operation = 'activeLeases';
      else if (roll < 35) [operation, variables] = ['search', { s: String(pick(partner.leaseIds)) }];
      else if (roll < 70) [operation, variables] = ['detail', { n: pick(partner.leaseIds) }];
      else if (roll < 77) operation = 'spend';
      else if (roll < 84) operation = 'top';
      else if (roll < 90) [operation, variables] = ['active', { r: { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', granularity: 'MONTH' } }];
      else if (roll < 94 || partner.started.length === 0) {
        operation = 'start';
        variables = { input: { productId: gid('Product', products[Math.floor(rand() * products.length)]!.id), customer: { email: `load-${Math.floor(rand() * 1e9)}@bench.test` } } };
        after = (data) => data?.startLease?.lease && partner.started.push({ id: data.startLease.lease.id, productId: data.startLease.lease.product.id });
      } else if (roll < 97 && otherProduct(partner.started[0]!.productId)) {
        const lease = partner.started[Math.floor(rand() * partner.started.length)]!;
        const to = otherProduct(lease.productId)!;
        operation = 'modify';
        variables = { input: { leaseId: lease.id, productId: to } };
        after = (data) => data?.modifyLease?.lease && (lease.productId = data.modifyLease.lease.product.id);
      } else {
        const lease = partner.started.shift()!;
        operation = 'stop';
        variables = { input: { leaseId: lease.id } };
      }
      const started = performance.now();
      try {
        const response = await fetch(`${api.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: partner.authorization },
          body: JSON.stringify({ query: Q[operation], variables }),
        });
        const body = (await response.json()) as { data?: Record<string, any>; errors?: { message: string }[] };
        const ms = performance.now() - started;
        if (response.status !== 200 || body.errors?.length) return { operation, ms, error: `${response.status} ${body.errors?.[0]?.message ?? ''}`, userError: false };
        after?.(body.data);
        const payload = Object.values(body.data ?? {})[0] as { userErrors?: unknown[] } | undefined;
        return { operation, ms, error: null, userError: Boolean(payload?.userErrors?.length) };
      } catch (error) {
        return { operation, ms: performance.now() - started, error: (error as Error).message, userError: false };
      }
    };

    const run = async (rps: number, seconds: number): Promise<Outcome> => {
      const results: Promise<Result>[] = [];
      let inFlight = 0;
      let overflow = 0;
      const begin = performance.now();
      const total = Math.round(rps * seconds);
      for (let i = 0; i < total; i++) {
        const due = begin + (i * 1000) / rps;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((done) => setTimeout(done, wait));
        if (inFlight >= MAX_IN_FLIGHT) {
          overflow++;
          continue;
        }
        inFlight++;
        results.push(one().finally(() => inFlight--));
      }
      const done = await Promise.all(results);
      const sorted = done.map((r) => r.ms).sort((a, b) => a - b);
      const errors = done.filter((r) => r.error);
      const p99 = quantile(sorted, 0.99);
      return {
        sent: done.length,
        errors: errors.length + overflow,
        userErrors: done.filter((r) => r.userError).length,
        p50: quantile(sorted, 0.5),
        p99,
        firstError: errors[0]?.error ?? (overflow ? `${overflow} not sent: ${MAX_IN_FLIGHT} in flight` : null),
        byOperation: breakdown(done, p99),
      };
    };
    const passes = (o: Outcome) => o.errors === 0 && o.p99 <= P99_LIMIT_MS;
    const show = (label: string, rps: number, o: Outcome) => {
      console.log(`  ${label} ${rps.toFixed(0).padStart(5)} req/s: p50 ${o.p50.toFixed(0)} ms, p99 ${o.p99.toFixed(0)} ms, ${o.errors} errors, ${o.userErrors} userErrors${o.firstError ? ` (first: ${o.firstError.slice(0, 120)})` : ''} ${passes(o) ? 'PASS' : 'FAIL'}, load ${loadavg()[0]!.toFixed(1)}`);
      console.log(`      p99 by operation: ${o.byOperation.map((op) => `${op.operation} ${op.p99.toFixed(0)} ms (${op.sent}${op.errors ? `, ${op.errors} errors` : ''}${op.slowOfAll ? `, ${op.slowOfAll} over the p99` : ''})`).join(', ')}`);
    };

    console.log(`\n${processCount} API process${processCount > 1 ? 'es' : ''}:`);
    await run(5, 3); // warm-up: connections, caches, JIT
    const connections = sampleConnections(url);
    let best = 0;
    let rps = START_RPS;
    const probingUntil = Date.now() + BUDGET_S * 1000;
    // Up by ×1.5 while probes pass; if the first one fails, down by ×0.5 until one passes. Then halve the gap
    // between the best passing rate and the lowest failing one while it is over 10 % and time is left.
    let failed = Infinity;
    while (Date.now() + PROBE_S * 1000 <= probingUntil) {
      const outcome = await run(rps, PROBE_S);
      show('probe', rps, outcome);
      if (passes(outcome)) best = rps;
      else failed = rps;
      if (best === 0) {
        if (rps <= 1) break;
        rps = Math.max(1, Math.round(rps * 0.5));
      } else if (failed === Infinity) {
        rps = Math.round(rps * 1.5);
      } else if (failed - best > best * 0.1) {
        rps = Math.round((best + failed) / 2);
      } else {
        break;
      }
    }
    let held: { rps: number; outcome: Outcome } | null = null;
    // The best probe's rate, then a lower one (0.8 × it, at least 1 req/s less, so never the same rate twice).
    const candidates = best ? [best, Math.min(best - 1, Math.round(best * 0.8))].filter((rate) => rate >= 1) : [];
    for (const candidate of candidates) {
      const outcome = await run(candidate, HOLD_S);
      show(`hold ${HOLD_S} s`, candidate, outcome);
      if (passes(outcome)) {
        held = { rps: candidate, outcome };
        break;
      }
    }
    const peak = await connections.stop();
    const rss = apis.map((api) => rssMB(api));
    console.log(
      `  => ${processCount} process${processCount > 1 ? 'es' : ''}: ${held ? `${held.rps} req/s held for ${HOLD_S} s (p99 ${held.outcome.p99.toFixed(0)} ms)` : 'no rate held'}; ` +
        `RSS ${rss.map((mb) => `${mb} MB`).join(' + ')}; database connections ${peak.total} open, at most ${peak.active} active; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`,
    );
    await Promise.all(apis.map((api) => api.stop()));
  }
}

function rssMB(api: ServerProcess): number {
  const status = readFileSync(`/proc/${api.child.pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function count(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>(sql)).rows[0]!.n;
  } finally {
    await client.end();
  }
}

/** Samples the database's connections every second: open, and active (running a statement). */
function sampleConnections(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const client = new pg.Client({ connectionString: url });
  const ready = client.connect();
  let total = 0;
  let active = 0;
  const timer = setInterval(async () => {
    await ready;
    const { rows } = await client.query<{ total: number; active: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'active')::int AS active FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [name],
    );
    total = Math.max(total, rows[0]!.total);
    active = Math.max(active, rows[0]!.active);
  }, 1000);
  return {
    async stop() {
      clearInterval(timer);
      await client.end();
      return { total, active };
    },
  };
}

await main();
process.exit(0);
