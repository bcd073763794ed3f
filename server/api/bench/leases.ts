import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createDb } from '@leaseboard/db';
import { createApp } from '../src/app.ts';
import { newApiKeySecret } from '@leaseboard/domain/auth/api-key-secret';
import { loadConfig } from '@leaseboard/domain/config';
import { toNodeHandler } from '../src/http/node-adapter.ts';
import { silentLogger } from '@leaseboard/domain/logger';
import { BENCH_NOW, prepareBenchDatabase } from './bench-database.ts';

/**
 * `pnpm bench leases`: the two searches partners run most, through the whole API (HTTP → yoga → Pothos →
 * Prisma), against a baseline measured in the same run: the same rows from one hand-written SQL query
 * through `pg`, served as JSON by a bare node:http handler. Prints p50, throughput and their ratios,
 * and the SQL statements per request.
 */
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 200);
const CONCURRENCY = 8;
const PAGE = 50;

const GRAPHQL = `query($filter: LeaseFilter) {
  leases(first: ${PAGE}, filter: $filter) {
    totalCount
    edges { node { leaseNumber licenseKey status startedAt machineName monthlyPriceCents product { name } customer { email } addOns { name } } }
  }
}`;

// One statement: the page, the total, product, customer, add-ons and the monthly price at BENCH_NOW.
const BASELINE_SQL = (column: 'customerEmailNorm' | 'serverNorm') => `
  WITH page AS (
    SELECT l.*, count(*) OVER () AS total FROM "Lease" l
    WHERE l."partnerId" = $1 AND l."${column}" LIKE $2
    ORDER BY l.id DESC LIMIT ${PAGE})
  SELECT page.id, page."licenseKey", page.status, page."startedAt", page."serverName", page.total,
    p.name AS product, c.email,
    (SELECT pp."amountCents" FROM "ProductPrice" pp WHERE pp."productId" = p.id AND pp."effectiveFrom" <= $3 ORDER BY pp."effectiveFrom" DESC LIMIT 1)
    + COALESCE((SELECT sum((SELECT ap."amountCents" FROM "AddOnPrice" ap WHERE ap."addOnId" = la."addOnId" AND ap."tierRank" = p."tierRank"
        AND ap."effectiveFrom" <= $3 ORDER BY ap."effectiveFrom" DESC LIMIT 1)) FROM "LeaseAddOn" la WHERE la."leaseId" = page.id), 0) AS price,
    ARRAY(SELECT a.name FROM "LeaseAddOn" la JOIN "AddOn" a ON a.id = la."addOnId" WHERE la."leaseId" = page.id ORDER BY a.id) AS "addOns"
  FROM page JOIN "Product" p ON p.id = page."productId" JOIN "Customer" c ON c.id = page."customerId"
  ORDER BY page.id DESC`;

async function main() {
  const url = await prepareBenchDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const { partnerId, emailFragment, serverFragment } = await pickSearches(pool);
  const secret = newApiKeySecret();
  await pool.query(`INSERT INTO "ApiKey" ("partnerId", name, prefix, hash, scopes) VALUES ($1, 'bench', $2, $3, $4)`, [partnerId, secret.prefix, secret.hash, ['leases:read']]);

  let statements = 0;
  const db = createDb(url, { max: 10, onQuery: () => statements++ });
  const config = { ...loadConfig({}), port: 0 };
  const app = createApp({ db, clock: { now: () => BENCH_NOW }, logger: silentLogger, config, jobs: null });
  const api = await listen(createServer(toNodeHandler(app.fetch)));
  const baseline = await listen(
    createServer(async (req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const column = u.searchParams.get('by') === 'server' ? 'serverNorm' : 'customerEmailNorm';
      const result = await pool.query(BASELINE_SQL(column), [partnerId, `%${u.searchParams.get('q')}%`, BENCH_NOW]);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ totalCount: Number(result.rows[0]?.total ?? 0), rows: result.rows }));
    }),
  );

  console.log(`leases bench: partner ${partnerId}, ${REQUESTS} requests per case, page ${PAGE}, concurrency ${CONCURRENCY} for throughput`);
  const cases = [
    { name: 'partial email (one customer domain)', filter: { customerEmail: emailFragment }, q: emailFragment, by: 'email' },
    { name: 'partial email (a common local part: many matches)', filter: { customerEmail: 'admin@' }, q: 'admin@', by: 'email' },
    { name: 'server name', filter: { serverName: serverFragment }, q: serverFragment, by: 'server' },
  ];
  for (const c of cases) {
    const graphql = () =>
      fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret.key}` },
        body: JSON.stringify({ query: GRAPHQL, variables: { filter: c.filter } }),
      }).then(async (r) => {
        const body = (await r.json()) as { errors?: unknown; data: { leases: { edges: unknown[] } } };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        return body.data.leases.edges.length;
      });
    const plain = () => fetch(`${baseline.url}/?by=${c.by}&q=${encodeURIComponent(c.q)}`).then(async (r) => ((await r.json()) as { rows: unknown[] }).rows.length);

    const [apiRows, baseRows] = [await graphql(), await plain()];
    if (apiRows !== baseRows) throw new Error(`row counts differ: api ${apiRows}, baseline ${baseRows}`);
    statements = 0;
    await graphql();
    const perRequest = statements;

    const base = await measure(plain);
    const full = await measure(graphql);
    console.log(`\n${c.name} (“${c.q}”, ${apiRows} rows on the page)`);
    console.log(`  baseline  p50 ${base.p50.toFixed(1)} ms   ${base.rps.toFixed(0)} req/s`);
    console.log(`  API       p50 ${full.p50.toFixed(1)} ms   ${full.rps.toFixed(0)} req/s   ${perRequest} SQL statements per request`);
    console.log(`  ratio     p50 ×${(full.p50 / base.p50).toFixed(2)} (target ≤ 2)   throughput ×${(base.rps / full.rps).toFixed(2)} slower`);
  }
  await Promise.all([api.close(), baseline.close()]);
  await db.$disconnect();
  await pool.end();
}

async function measure(request: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await request();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    await request();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  const started = performance.now();
  let issued = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued < REQUESTS) {
        issued++;
        await request();
      }
    }),
  );
  return { p50: times[Math.floor(times.length / 2)]!, rps: (REQUESTS / (performance.now() - started)) * 1000 };
}

/** The partner with most leases; an email fragment and a server-name fragment that match some of its leases. */
async function pickSearches(pool: pg.Pool) {
  const partner = await pool.query(`SELECT "partnerId", count(*) FROM "Lease" GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  const partnerId = partner.rows[0].partnerId as number;
  const sample = await pool.query(
    `SELECT "customerEmailNorm", "serverNorm" FROM "Lease" WHERE "partnerId" = $1 AND "serverNorm" IS NOT NULL ORDER BY id LIMIT 1 OFFSET 1000`,
    [partnerId],
  );
  const email = sample.rows[0].customerEmailNorm as string;
  const server = sample.rows[0].serverNorm as string;
  // Partial: the email's domain without its suffix, and the server's host name up to its first dot.
  return { partnerId, emailFragment: email.split('@')[1]!.split('.')[0]!, serverFragment: server.split('.')[0]! + '.' };
}

function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

await main();
