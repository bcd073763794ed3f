import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/embedded-postgres.ts';

/**
 * The crash test's server: opens the embedded database in argv[2], prints `ready <url>`, then writes
 * leases until it is killed, printing each lease's key once its commit is acknowledged. Every third
 * write is a two-statement transaction (a lease and an update of it).
 */
const [dataDir, prefix] = process.argv.slice(2) as [string, string];
const embedded = await startEmbeddedPostgres({ dataDir });
const client = new pg.Client({ connectionString: embedded.url });
await client.connect();
const { rows } = await client.query<{ partnerId: number; customerId: number; productId: number }>(
  `SELECT c."partnerId", c.id AS "customerId", (SELECT min(id) FROM "Product") AS "productId" FROM "Customer" c ORDER BY c.id LIMIT 1`,
);
const { partnerId, customerId, productId } = rows[0]!;
process.stdout.write(`ready ${embedded.url}\n`);

const insert = `INSERT INTO "Lease" ("partnerId", "customerId", "productId", "licenseKey", "startedAt", "sendKeyTo", "customerEmailNorm", "updatedAt")
  VALUES ($1, $2, $3, $4, now(), 'crash@test.test', 'crash@test.test', now()) RETURNING id`;
for (let i = 0; ; i++) {
  const key = `${prefix}-${i}`;
  if (i % 3 === 2) {
    await client.query('BEGIN');
    const lease = await client.query<{ id: number }>(insert, [partnerId, customerId, productId, key]);
    await client.query(`UPDATE "Lease" SET "serverName" = 'crash-server', "serverNorm" = 'crash-server' WHERE id = $1`, [lease.rows[0]!.id]);
    await client.query('COMMIT');
  } else {
    await client.query(insert, [partnerId, customerId, productId, key]);
  }
  process.stdout.write(`${key}\n`);
}
