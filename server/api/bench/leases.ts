import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Agent, fetch, type Dispatcher } from 'undici';
import { createDb } from '@leaseboard/db';
import { freePort } from '@leaseboard/db/free-port';
import { createApp } from '../src/app.ts';
import { newApiKeySecret } from '@leaseboard/domain/auth/api-key-secret';
import { loadConfig } from '@leaseboard/domain/config';
import { toNodeHandler } from '../src/http/node-adapter.ts';
import { silentLogger } from '@leaseboard/domain/logger';
import { gramKeys } from '@leaseboard/domain/leases/lease-filter.rules';
import { SERVER_NODE_OPTIONS } from '../../../scripts/server-node-options.mjs';
import { BENCH_NOW, prepareBenchDatabase } from './bench-database.ts';

/**
 * `pnpm bench leases`: the searches partners run most, through the whole API (HTTP → yoga → Pothos → the
 * searchLeases use case → one SQL statement), against the best hand-written SQL on the same indexes (the
 * physical limit), measured in the same run: one statement through `pg` that returns the page, its capped
 * count and everything the API returns, served as JSON by a bare node:http handler. Both servers run in
 * PROCESSES worker processes each, and the load comes from the bench's own process. Each case runs at 1
 * connection (one request at a time: the answer time), then at 4 and 16 (under load), SQL and API taking
 * turns (ROUNDS), and prints p50, p99, requests/s and the API/SQL ratio of p50 at each; then page 400
 * against page 1 through the API, and the SQL statements per request. With NODE_ENV=production the API
 * runs as deployed (see PRODUCTION below).
 */
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 400);
/** 1: how long one request takes on an idle server (the search box's answer time); 4 and 16: under load. */
const CONNECTIONS = [1, 4, 16];
/**
 * SQL and API take turns this many times at each connection count, and each figure is the median of its
 * rounds: the machine's speed drifts by more than the differences measured, and a ratio of two runs taken
 * seconds apart would carry that drift.
 */
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
/** Requests of each case each side answers before anything is measured. */
const WARM_UP = Number(process.env['BENCH_WARM_UP'] ?? 1000);
/**
 * The API and the SQL handler each run in this many processes (node:cluster shares each one's port among
 * them): one per core, as the README's "Running many processes" deploys the API, so that under load either
 * side can use every core the machine has, and neither shares its event loop with the load.
 */
const PROCESSES = Number(process.env['BENCH_PROCESSES'] ?? availableParallelism());
const CAP = 1000;

const LEASE_QUERY = (page: number) => `query($filter: LeaseFilter, $after: String) {
  leases(first: ${page}, filter: $filter, after: $after) {
    totalCount totalCountIsExact pageInfo { endCursor }
    edges { node { leaseNumber licenseKey status startedAt machineName monthlyPriceCents product { name } customer { email } addOns { name } } }
  }
}`;

const CUSTOMER_QUERY = `query($filter: CustomerFilter) {
  customers(first: 25, filter: $filter) { totalCount totalCountIsExact edges { node { id email name company createdAt } } }
}`;

// One statement: the page (keyset after $4 when given), its count capped at CAP, product, customer,
// add-ons and the monthly price at BENCH_NOW. `match` uses $1 (partner) and $2 (LIKE pattern). The matches
// are found once (at most CAP + 1); when they are all there the page comes from them, else from the ordered
// scan (each branch behind a one-time filter).
const LEASE_SQL = (match: string, page: number) => `
  WITH found AS MATERIALIZED (SELECT l.id FROM "Lease" l WHERE ${match} LIMIT ${CAP + 1}),
  counted AS (SELECT count(*) AS total FROM found),
  ids AS (
    (SELECT f.id FROM found f WHERE (SELECT total FROM counted) <= ${CAP} AND ($4::int IS NULL OR f.id < $4) ORDER BY f.id DESC LIMIT ${page})
    UNION ALL
    (SELECT l.id FROM "Lease" l WHERE (SELECT total FROM counted) > ${CAP} AND ${match} AND ($4::int IS NULL OR l.id < $4) ORDER BY l.id DESC LIMIT ${page})),
  page AS (SELECT l.* FROM ids JOIN "Lease" l ON l.id = ids.id)
  SELECT page.id, page."licenseKey", page.status, page."startedAt", page."serverName", counted.total,
    p.name AS product, c.email,
    (SELECT pp."amountCents" FROM "ProductPrice" pp WHERE pp."productId" = p.id AND pp."effectiveFrom" <= $3 ORDER BY pp."effectiveFrom" DESC LIMIT 1)
    + COALESCE((SELECT sum((SELECT ap."amountCents" FROM "AddOnPrice" ap WHERE ap."addOnId" = la."addOnId" AND ap."tierRank" = p."tierRank"
        AND ap."effectiveFrom" <= $3 ORDER BY ap."effectiveFrom" DESC LIMIT 1)) FROM "LeaseAddOn" la WHERE la."leaseId" = page.id), 0) AS price,
    ARRAY(SELECT a.name FROM "LeaseAddOn" la JOIN "AddOn" a ON a.id = la."addOnId" WHERE la."leaseId" = page.id ORDER BY a.id) AS "addOns"
  FROM counted LEFT JOIN page ON TRUE LEFT JOIN "Product" p ON p.id = page."productId" LEFT JOIN "Customer" c ON c.id = page."customerId"
  ORDER BY page.id DESC`;

// A narrow fragment is found through its gram index (lb_text_grams) from the pieces gramKeys picks.
const byGrams = (column: string, fragment: string) => `lb_text_grams(l."${column}") @> ARRAY[${gramKeys(fragment)!.map((key) => `'${key.replace(/'/g, "''")}'`).join(', ')}]`;
const MATCH = {
  email: (fragment: string) => `l."partnerId" = $1 AND ${byGrams('customerEmailNorm', fragment)} AND strpos(l."customerEmailNorm", $2) > 0`,
  emailBroad: `l."partnerId" = $1 AND strpos(l."customerEmailNorm", $2) > 0`,
  server: (fragment: string) => `l."partnerId" = $1 AND ${byGrams('serverNorm', fragment)} AND strpos(l."serverNorm", $2) > 0`,
  box: `l."partnerId" = $1 AND (strpos(l."customerEmailNorm", $2) > 0 OR strpos(l."serverNorm", $2) > 0)`,
  all: `l."partnerId" = $1 AND $2::text IS NOT NULL`,
};

// The customers page: 25 newest customers whose email matches, and their count capped at CAP (as the API gives it).
const CUSTOMER_SQL = `
  SELECT c.id, c.email, c.name, c.company, c."createdAt",
    (SELECT count(*) FROM (SELECT 1 FROM "Customer" x WHERE x."partnerId" = $1 AND x."emailNorm" LIKE $2 LIMIT ${CAP + 1}) m) AS total
  FROM "Customer" c WHERE c."partnerId" = $1 AND c."emailNorm" LIKE $2 ORDER BY c.id DESC LIMIT 25`;

interface Case {
  name: string;
  graphql: { query: string; variables: Record<string, unknown> };
  sql: { text: string; values: unknown[] };
  /** Where the API's rows are in its answer. */
  rows(data: Record<string, { edges: unknown[] }>): number;
}

async function main() {
  const url = await prepareBenchDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const { partnerId, partnerLeases, emailFragment, serverFragment, page400Before } = await pickSearches(pool);
  const secret = newApiKeySecret();
  await pool.query(`INSERT INTO "ApiKey" ("partnerId", name, prefix, hash, scopes) VALUES ($1, 'bench', $2, $3, $4)`, [partnerId, secret.prefix, secret.hash, ['leases:read', 'customers:read']]);

  // In this process, the servers answer the checks (rows, statements per request, the cursor of page 400);
  // the workers answer the load.
  let statements = 0;
  const db = createDb(url, { max: 4, onQuery: () => statements++ });
  const here = serversOn(db, pool);
  const [api, baseline] = [await listen(here.api), await listen(here.baseline)];
  const ports = { api: await freePort(), baseline: await freePort() };
  const workers = await startWorkers(url, ports);
  const load = { api: `http://127.0.0.1:${ports.api}`, baseline: `http://127.0.0.1:${ports.baseline}` };

  const like = (fragment: string) => `%${fragment}%`;
  // $2: the fragment, which the match finds with strpos (the API's test for terms of five characters or more).
  const leaseCase = (name: string, filter: Record<string, unknown>, match: string, text: string, page = 50, before: number | null = null, after: string | null = null): Case => ({
    name,
    graphql: { query: LEASE_QUERY(page), variables: { filter, after } },
    sql: { text: LEASE_SQL(match, page), values: [partnerId, text, BENCH_NOW, before] },
    rows: (data) => data['leases']!.edges.length,
  });
  const page400 = await cursorOfPage400(api.url, secret.key);
  const cases: Case[] = [
    leaseCase('partial email (one customer domain)', { customerEmail: emailFragment }, MATCH.email(emailFragment), emailFragment),
    leaseCase('partial email (a common local part: many matches)', { customerEmail: 'admin@' }, MATCH.emailBroad, 'admin@'),
    leaseCase('server name', { serverName: serverFragment }, MATCH.server(serverFragment), serverFragment),
    leaseCase('search box, broad term (the admin: page of 25)', { search: 'harbor' }, MATCH.box, 'harbor', 25),
    leaseCase('every lease, page 1 of 25', {}, MATCH.all, '', 25),
    leaseCase('every lease, page 400 of 25', {}, MATCH.all, '', 25, page400Before, page400),
    {
      name: 'customers page, partial email',
      graphql: { query: CUSTOMER_QUERY, variables: { filter: { email: 'harbor' } } },
      sql: { text: CUSTOMER_SQL, values: [partnerId, like('harbor')] },
      rows: (data) => data['customers']!.edges.length,
    },
  ];

  console.log(`leases bench: partner ${partnerId} (${partnerLeases.toLocaleString('en-US')} leases), ${REQUESTS} requests per case, connection count and round, medians of ${ROUNDS} rounds, the API in ${PRODUCTION ? 'production' : 'development'} mode (NODE_ENV), API and SQL handler each in ${PROCESSES} processes; load average ${loadAverage()}`);
  // A case's request to an API or to a SQL handler (this process's by default); each answers its row count.
  const requestsOf = (c: Case) => ({
    graphql: (server = api.url, connection?: Dispatcher) =>
      post(`${server}/graphql`, c.graphql, secret.key, connection).then((answer) => c.rows((answer as { data: Record<string, { edges: unknown[] }> }).data)),
    plain: (server = baseline.url, connection?: Dispatcher) => post(server, c.sql, undefined, connection).then((answer) => (answer as { rows: unknown[] }).rows.length),
  });
  // Every worker's code is compiled hot before anything is measured: WARM_UP requests of every case, 16 at
  // a time, reach each side. The API has far more code for V8 to optimise than the SQL handler, and a server
  // in production has long been hot.
  for (const c of cases) {
    const { graphql, plain } = requestsOf(c);
    await measure((connection) => graphql(load.api, connection), 16, WARM_UP);
    await measure((connection) => plain(load.baseline, connection), 16, WARM_UP);
  }
  const p50s: Record<string, number> = {};
  for (const c of cases) {
    const { graphql, plain } = requestsOf(c);
    const [apiRows, baseRows] = [await graphql(), await plain()];
    if (apiRows !== baseRows) throw new Error(`${c.name}: row counts differ: api ${apiRows}, baseline ${baseRows}`);
    const [loadApiRows, loadBaseRows] = [await graphql(load.api), await plain(load.baseline)];
    if (loadApiRows !== apiRows || loadBaseRows !== baseRows) throw new Error(`${c.name}: the workers' row counts differ from this process's`);
    // Averaged over several requests: the price book (catalog/price-book.ts) is read once in a while, not per request.
    statements = 0;
    for (let i = 0; i < 20; i++) await graphql();
    const perRequest = (statements / 20).toFixed(1);
    console.log(`\n${c.name} (${apiRows} rows on the page, ${perRequest} SQL statements per API request)`);
    for (const connections of CONNECTIONS) {
      const rounds: { base: Measured; full: Measured }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        rounds.push({
          base: await measure((connection) => plain(load.baseline, connection), connections),
          full: await measure((connection) => graphql(load.api, connection), connections),
        });
      }
      const [base, full] = [medianOf(rounds.map((r) => r.base)), medianOf(rounds.map((r) => r.full))];
      console.log(`  ${String(connections).padStart(2)} connections  SQL p50 ${ms(base.p50)} p99 ${ms(base.p99)} ${rps(base.rps)}   API p50 ${ms(full.p50)} p99 ${ms(full.p99)} ${rps(full.rps)}   p50 ×${(full.p50 / base.p50).toFixed(2)}`);
      if (connections === 4) p50s[c.name] = full.p50;
    }
  }
  const [first, deep] = [p50s['every lease, page 1 of 25']!, p50s['every lease, page 400 of 25']!];
  console.log(`\npage 400 / page 1 (API p50 at 4 connections): ×${(deep / first).toFixed(2)} (target ≤ 1.2)`);
  console.log(`targets: search box p50 ≤ 30 ms (one request at a time) and ≥ 100 req/s (4 connections); every search case API p50 ≤ 1.5 × SQL. Load average now ${loadAverage()}`);
  for (const worker of workers) worker.kill();
  await Promise.all([api.close(), baseline.close()]);
  await db.$disconnect();
  await pool.end();
}

interface Measured {
  p50: number;
  p99: number;
  rps: number;
}

/** Each figure's median over the rounds. */
function medianOf(rounds: Measured[]): Measured {
  const median = (pick: (m: Measured) => number) => rounds.map(pick).sort((x, y) => x - y)[Math.floor(rounds.length / 2)]!;
  return { p50: median((m) => m.p50), p99: median((m) => m.p99), rps: median((m) => m.rps) };
}

/**
 * `count` requests (REQUESTS by default) on `connections` connections of their own, one request in flight on
 * each: p50, p99, req/s. The connections are opened one after the other, so that node:cluster hands them to
 * the workers in turn and each worker serves the same share; connections kept from an earlier measurement
 * were spread by chance (40/60 at 4 connections was measured), and a worker with more of them queued longer.
 */
async function measure(request: (connection: Dispatcher) => Promise<unknown>, connections: number, count = REQUESTS): Promise<Measured> {
  const opened = Array.from({ length: connections }, () => new Agent({ connections: 1 }));
  try {
    for (const connection of opened) await request(connection);
    for (let i = 0; i < 10; i++) await request(opened[i % connections]!);
    const times: number[] = [];
    let issued = 0;
    const started = performance.now();
    await Promise.all(
      opened.map(async (connection) => {
        while (issued < count) {
          issued++;
          const t0 = performance.now();
          await request(connection);
          times.push(performance.now() - t0);
        }
      }),
    );
    const elapsed = performance.now() - started;
    times.sort((x, y) => x - y);
    return { p50: times[Math.floor(times.length / 2)]!, p99: times[Math.floor(times.length * 0.99)]!, rps: (count / elapsed) * 1000 };
  } finally {
    await Promise.all(opened.map((connection) => connection.close()));
  }
}

const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;
const rps = (value: number) => `${value.toFixed(0).padStart(4)}/s`;
const loadAverage = () => (process.platform === 'linux' ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a');

// NODE_ENV=production measures the API as it is deployed: graphql-js and Pothos skip their development
// checks (read when they load), and the app runs its production mode.
const PRODUCTION = process.env['NODE_ENV'] === 'production';

/** The API on `db`, and the SQL handler, which runs each statement it is sent on `pool`. */
function serversOn(db: ReturnType<typeof createDb>, pool: pg.Pool): { api: Server; baseline: Server } {
  const config = { ...loadConfig(PRODUCTION ? { NODE_ENV: 'production', SESSION_SECRET: randomBytes(32).toString('hex') } : {}), port: 0, leaseCountCap: CAP };
  const app = createApp({ db, clock: { now: () => BENCH_NOW }, logger: silentLogger, config, jobs: null });
  return {
    api: createServer(toNodeHandler(app.fetch)),
    baseline: createServer(async (req, res) => {
      const body = JSON.parse(await readBody(req)) as { text: string; values: unknown[] };
      const result = await pool.query(body.text, body.values);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ rows: result.rows.filter((r) => r.id !== null) }));
    }),
  };
}

/** PROCESSES workers, each serving the API and the SQL handler on the given ports; resolves when all listen. */
async function startWorkers(url: string, ports: { api: number; baseline: number }) {
  // With the V8 options `pnpm start` gives the server.
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...SERVER_NODE_OPTIONS] });
  const workers = Array.from({ length: PROCESSES }, () => cluster.fork({ BENCH_WORKER: JSON.stringify({ url, ports }) }));
  await Promise.all(workers.map((worker) => new Promise<void>((ready, failed) => {
    worker.once('message', () => ready());
    worker.once('exit', (code) => failed(new Error(`a bench worker exited (${code}) before it listened`)));
  })));
  return workers;
}

async function serveInWorker() {
  const { url, ports } = JSON.parse(process.env['BENCH_WORKER']!) as { url: string; ports: { api: number; baseline: number } };
  const { api, baseline } = serversOn(createDb(url, { max: 16 }), new pg.Pool({ connectionString: url, max: 16 }));
  await Promise.all([listen(api, ports.api), listen(baseline, ports.baseline)]);
  process.send!('listening');
}

/** The partner with most leases; an email fragment and a server-name fragment that match some of its leases. */
async function pickSearches(pool: pg.Pool) {
  const partner = await pool.query(`SELECT "partnerId", count(*)::int AS n FROM "Lease" GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  const partnerId = partner.rows[0].partnerId as number;
  const sample = await pool.query(
    `SELECT "customerEmailNorm", "serverNorm" FROM "Lease" WHERE "partnerId" = $1 AND "serverNorm" IS NOT NULL ORDER BY id LIMIT 1 OFFSET 1000`,
    [partnerId],
  );
  const email = sample.rows[0].customerEmailNorm as string;
  const server = sample.rows[0].serverNorm as string;
  // The first lease of page 400 of 25, newest first: the baseline starts below the last lease of page 399.
  const deep = await pool.query(`SELECT id FROM "Lease" WHERE "partnerId" = $1 ORDER BY id DESC LIMIT 1 OFFSET ${399 * 25 - 1}`, [partnerId]);
  return {
    partnerId,
    partnerLeases: partner.rows[0].n as number,
    // Partial: the email's domain without its suffix, and the server's host name up to its first dot.
    emailFragment: email.split('@')[1]!.split('.')[0]!,
    serverFragment: server.split('.')[0]! + '.',
    page400Before: deep.rows[0].id as number,
  };
}

/** The API's own cursor for page 400 of 25, walked to through its pages (newest first). */
async function cursorOfPage400(apiUrl: string, key: string): Promise<string> {
  let after: string | null = null;
  for (let page = 1; page < 400; page++) {
    const answer = await post(`${apiUrl}/graphql`, { query: `query($after: String) { leases(first: 25, after: $after) { pageInfo { endCursor } } }`, variables: { after } }, key);
    after = (answer as { data: { leases: { pageInfo: { endCursor: string } } } }).data.leases.pageInfo.endCursor;
  }
  return after!;
}

/** A POST of `body` as JSON (on `connection` when given); its answer must be a 200 without errors. */
async function post(url: string, body: unknown, key?: string, connection?: Dispatcher): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
    ...(connection ? { dispatcher: connection } : {}),
  });
  const answer = (await response.json()) as { errors?: unknown };
  if (response.status !== 200 || answer.errors) throw new Error(`${url}: ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
  return answer;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** Listens on loopback, on `port` or else on a free one. */
function listen(server: Server, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

if (cluster.isPrimary) await main();
else await serveInWorker();
