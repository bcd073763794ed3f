import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDb } from '@leaseboard/db';
import { createApp } from '../src/app.ts';
import { newApiKeySecret } from '@leaseboard/domain/auth/api-key-secret';
import { loadConfig } from '@leaseboard/domain/config';
import { toNodeHandler } from '../src/http/node-adapter.ts';
import { EXPORT_PROCESS_EXEC_ARGV } from '@leaseboard/domain/jobs/run-export-process';
import { silentLogger } from '@leaseboard/domain/logger';
import { BENCH_NOW, EXPORT_BENCH_DATABASE, prepareBenchDatabase } from './bench-database.ts';

/**
 * `pnpm bench export`:
 *  1. the export of every customer (every partner) as CSV and as JSONL, each in a process started as the
 *     server starts an export process (support/export-child.ts): rows/s and the process's peak RSS
 *     (targets ≥ 100,000 rows/s, ≤ 200 MB);
 *  2. the same columns through `COPY (SELECT …) TO STDOUT` in psql, the baseline (needs psql on PATH);
 *  3. the API's p50/p99 latency (a lease page through GraphQL) with no export running, then while the
 *     largest partner's export streams from the same server over HTTP.
 */
const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 300);
const child = fileURLToPath(new URL('./support/export-child.ts', import.meta.url));

const COPY_SQL = (now: string) => `COPY (
  WITH pp AS (SELECT DISTINCT ON ("productId") "productId", "amountCents" FROM "ProductPrice" WHERE "effectiveFrom" <= '${now}' ORDER BY "productId", "effectiveFrom" DESC),
  ap AS (SELECT DISTINCT ON ("addOnId", "tierRank") "addOnId", "tierRank", "amountCents" FROM "AddOnPrice" WHERE "effectiveFrom" <= '${now}' ORDER BY "addOnId", "tierRank", "effectiveFrom" DESC),
  addons AS (
    SELECT l."customerId", string_agg(DISTINCT a.name, '; ') AS names, sum(ap."amountCents") AS cents
    FROM "Lease" l JOIN "Product" p ON p.id = l."productId" JOIN "LeaseAddOn" la ON la."leaseId" = l.id JOIN "AddOn" a ON a.id = la."addOnId"
    LEFT JOIN ap ON ap."addOnId" = la."addOnId" AND ap."tierRank" = p."tierRank"
    WHERE l.status = 'ACTIVE' GROUP BY l."customerId"),
  per AS (
    SELECT l."customerId", count(*) FILTER (WHERE l.status = 'ACTIVE') AS active, count(*) AS total,
      string_agg(DISTINCT p.name, '; ') FILTER (WHERE l.status = 'ACTIVE') AS products,
      string_agg(DISTINCT l."serverName", '; ') FILTER (WHERE l.status = 'ACTIVE') AS machines,
      min(l."startedAt") AS first, greatest(max(l."startedAt"), max(l."stoppedAt"), max(l."lastSeenAt")) AS last,
      coalesce(sum(pp."amountCents") FILTER (WHERE l.status = 'ACTIVE'), 0) AS cents
    FROM "Lease" l JOIN "Product" p ON p.id = l."productId" LEFT JOIN pp ON pp."productId" = l."productId"
    GROUP BY l."customerId")
  SELECT c.email, c.name, c.company, per.active, per.total, per.products, addons.names, per.first, per.last,
         per.cents + coalesce(addons.cents, 0) AS monthly_cents, to_char((per.cents + coalesce(addons.cents, 0)) / 100.0, 'FM$999,999,990.00') AS monthly, per.machines
  FROM "Customer" c JOIN per ON per."customerId" = c.id LEFT JOIN addons ON addons."customerId" = c.id
  ORDER BY c.id
) TO STDOUT WITH (FORMAT csv, HEADER)`;

function runChild(url: string, format: 'CSV' | 'JSONL' | 'IDLE'): Promise<{ rows: number; bytes: number; ms: number; cpuMs: number; maxRssMB: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...EXPORT_PROCESS_EXEC_ARGV, child, url, format, BENCH_NOW.toISOString()], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`export child exited ${code}`))));
  });
}

/** psql's COPY output is counted as it streams (line ends, minus the header), not held. */
function copyBaseline(url: string): Promise<{ rows: number; ms: number } | null> {
  return new Promise((resolve) => {
    const started = performance.now();
    const psql = spawn('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', "SET work_mem = '64MB'", '-c', COPY_SQL(BENCH_NOW.toISOString())], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let stderr = '';
    psql.stdout.on('data', (data: Buffer) => {
      for (let at = data.indexOf(0x0a); at !== -1; at = data.indexOf(0x0a, at + 1)) lines++;
    });
    psql.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    psql.on('error', (error) => {
      console.log(`  COPY baseline skipped: ${error.message}`);
      resolve(null);
    });
    psql.on('close', (code) => {
      if (code !== 0) {
        console.log(`  COPY baseline skipped: ${stderr.trim()}`);
        return resolve(null);
      }
      resolve({ rows: lines - 1, ms: performance.now() - started });
    });
  });
}

function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

async function latency(request: () => Promise<unknown>, while_: () => boolean = () => true): Promise<{ p50: number; p99: number; n: number }> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES && while_(); i++) {
    const t0 = performance.now();
    await request();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p99: pct(times, 99), n: times.length };
}

async function main() {
  const url = await prepareBenchDatabase(console.log, EXPORT_BENCH_DATABASE);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const customers = (await pool.query(`SELECT count(*)::int AS n FROM "Customer"`)).rows[0].n as number;
  console.log(`export bench: ${customers} customers; ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}`);

  // 1 and 2: throughput and memory against COPY.
  const copy = await copyBaseline(url);
  const copyRate = copy ? (copy.rows / copy.ms) * 1000 : null;
  if (copy) console.log(`  COPY (SELECT …) TO STDOUT: ${copy.rows} rows in ${(copy.ms / 1000).toFixed(1)} s = ${Math.round(copyRate!)} rows/s`);
  const idleProcess = await runChild(url, 'IDLE');
  console.log(`  an export process that only connects (node, tsx, pg): peak RSS ${idleProcess.maxRssMB} MB`);
  for (const format of ['CSV', 'JSONL'] as const) {
    const r = await runChild(url, format);
    const rate = (r.rows / r.ms) * 1000;
    console.log(
      `  export ${format.padEnd(5)}: ${r.rows} rows in ${(r.ms / 1000).toFixed(1)} s = ${Math.round(rate)} rows/s` +
        `${copyRate ? ` (${(rate / copyRate).toFixed(2)} × COPY)` : ''}, ${(r.bytes / 1e6).toFixed(0)} MB written, ` +
        `peak RSS ${r.maxRssMB} MB (targets ≥ 100000 rows/s, ≤ 200 MB); the process's own CPU ${(r.cpuMs / 1000).toFixed(1)} s`,
    );
  }

  // 3: API latency with and without an export streaming from the same process.
  const biggest = (await pool.query(`SELECT "partnerId", count(*)::int AS n FROM "Customer" GROUP BY 1 ORDER BY 2 DESC LIMIT 1`)).rows[0];
  const secret = newApiKeySecret();
  await pool.query(`INSERT INTO "ApiKey" ("partnerId", name, prefix, hash, scopes) VALUES ($1, 'bench export', $2, $3, $4)`, [
    biggest.partnerId,
    secret.prefix,
    secret.hash,
    ['leases:read', 'customers:export'],
  ]);
  const db = createDb(url, { max: 10 });
  const app = createApp({ db, clock: { now: () => BENCH_NOW }, logger: silentLogger, config: { ...loadConfig({}), port: 0 }, jobs: null });
  const api = await listen(createServer(toNodeHandler(app.fetch)));
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${secret.key}` };
  const leasePage = () =>
    fetch(`${api.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: '{ leases(first: 20) { edges { node { leaseNumber status product { name } } } } }' }) }).then(async (r) => {
      const body = (await r.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    });
  for (let i = 0; i < 20; i++) await leasePage();
  const idle = await latency(leasePage);

  let exporting = true;
  let exported = 0;
  let exportMs = 0;
  const exportLoop = (async () => {
    while (exporting) {
      const t0 = performance.now();
      const response = await fetch(`${api.url}/exports/customers.csv?scope=ALL`, { headers: { authorization: `Bearer ${secret.key}` } });
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const byte of value) if (byte === 0x0a) exported++;
      }
      exported--; // the header line
      exportMs += performance.now() - t0;
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const busy = await latency(leasePage);
  exporting = false;
  await exportLoop;
  console.log(`  API lease page, no export:        p50 ${idle.p50.toFixed(1)} ms, p99 ${idle.p99.toFixed(1)} ms (${idle.n} requests)`);
  console.log(`  API lease page, export streaming:  p50 ${busy.p50.toFixed(1)} ms, p99 ${busy.p99.toFixed(1)} ms (${busy.n} requests; partner ${biggest.partnerId}'s ${biggest.n} customers over HTTP at ${Math.round((exported / exportMs) * 1000)} rows/s meanwhile)`);
  console.log(`\nload average at the end: ${loadavg()[0]!.toFixed(1)}`);

  await pool.query(`DELETE FROM "ApiKey" WHERE prefix = $1`, [secret.prefix]);
  await api.close();
  await db.$disconnect();
  await pool.end();
}

await main();
