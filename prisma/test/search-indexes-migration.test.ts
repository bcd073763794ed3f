import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/embedded-postgres.ts';
import { Migrator } from '../src/migrator.ts';
import { migrationsDir } from '../src/paths.ts';
import { withDatabase } from '../src/testing/test-database.ts';
import { NO_TRANSACTION_MARKER, runsWithoutTransaction, statementsOf } from '../src/whole-scripts.ts';

/**
 * The search_indexes migration runs outside a transaction (CREATE INDEX CONCURRENTLY) on a database that
 * already has leases and customers, on PGlite or on PostgreSQL (TEST_DATABASE_URL), and leaves valid
 * indexes (`pnpm bench leases` shows the searches using them).
 */
const MIGRATION = readdirSync(migrationsDir).find((name) => name.endsWith('_search_indexes'))!;
const NEW_INDEXES = [
  'Lease_partnerId_customerEmailNorm_trgm_idx',
  'Lease_partnerId_serverNorm_trgm_idx',
  'Lease_partnerId_startedAt_id_idx',
  'Lease_partnerId_customerEmailNorm_id_idx',
  'Customer_partnerId_emailNorm_trgm_idx',
  'Customer_partnerId_name_company_trgm_idx',
  // vendor_sort_indexes, the next migration, also built concurrently on the same leases:
  'Lease_startedAt_id_idx',
  'Lease_customerEmailNorm_id_idx',
  // partner_search_scan_index and customer_search_scan_index, later still:
  'Lease_partnerId_id_search_idx',
  'Customer_partnerId_id_email_idx',
  // lease_text_gram_indexes, after text_grams_function:
  'Lease_customerEmailNorm_grams_idx',
  'Lease_serverNorm_grams_idx',
];

let work: string;
let url: string;
let cleanUp: () => Promise<void>;
let client: pg.Client;

async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env['TEST_DATABASE_URL'];
  if (!server) {
    const postgres: EmbeddedPostgres = await startEmbeddedPostgres();
    return { url: postgres.url, drop: () => postgres.stop() };
  }
  const name = `lb_search_migration_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: withDatabase(server, name),
    async drop() {
      const again = new pg.Client({ connectionString: server });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => again.end());
    },
  };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'leaseboard-search-migration-'));
  const before = join(work, 'before');
  cpSync(migrationsDir, before, { recursive: true });
  for (const name of readdirSync(before)) if (/^\d{14}_/.test(name) && name >= MIGRATION) rmSync(join(before, name), { recursive: true });
  const database = await scratchDatabase();
  url = database.url;
  cleanUp = database.drop;
  await new Migrator({ databaseUrl: url, migrationsDir: before }).deploy();
  client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`
    INSERT INTO "Partner" (id, company, "contactName", "contactEmail", "billingEmail", "updatedAt")
    VALUES (1, 'A', 'a', 'a@a.test', 'a@a.test', now()), (2, 'B', 'b', 'b@b.test', 'b@b.test', now());
    INSERT INTO "ProductType" (id, code, name, unit) VALUES (1, 'SM', 'SmarterMail', 'mailboxes');
    INSERT INTO "Product" (id, "productTypeId", edition, "tierRank", sku, name) VALUES (1, 1, 'PROFESSIONAL', 1, 'SM-PRO-1', 'Pro');
    INSERT INTO "Customer" ("partnerId", email, "emailNorm", name, company)
      SELECT 1 + g % 2, 'c' || g || '@harbor' || g % 7 || '.test', 'c' || g || '@harbor' || g % 7 || '.test', 'Name ' || g, 'Harbor ' || g % 5
      FROM generate_series(1, 400) g;
    INSERT INTO "Lease" ("partnerId", "customerId", "productId", "licenseKey", "startedAt", "sendKeyTo", "customerEmailNorm", "serverNorm", "updatedAt")
      SELECT c."partnerId", c.id, 1, 'K' || c.id || '-' || g, '2026-01-01'::timestamptz + g * interval '1 hour', c.email, c."emailNorm", 'mail' || g || '.harbor.net', now()
      FROM "Customer" c CROSS JOIN generate_series(1, 3) g;`);
  await new Migrator({ databaseUrl: url }).deploy();
}, 120_000);

afterAll(async () => {
  await client?.end();
  await cleanUp?.();
  rmSync(work, { recursive: true, force: true });
});

describe('the search_indexes, vendor_sort_indexes, partner_search_scan_index, customer_search_scan_index and lease_text_gram_indexes migrations on a database with leases', () => {
  it('ran after the leases went in, and completed', async () => {
    const { rows } = await client.query(`SELECT finished_at, logs FROM _prisma_migrations WHERE migration_name = $1`, [MIGRATION]);
    expect(rows).toHaveLength(1);
    expect(rows[0].finished_at).not.toBeNull();
    expect(await client.query(`SELECT count(*)::int AS n FROM "Lease"`)).toMatchObject({ rows: [{ n: 1200 }] });
  });

  it('leaves every new index valid, and drops the ones they supersede', async () => {
    const { rows } = await client.query(
      `SELECT c.relname AS name, x.indisvalid AS valid FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE c.relname = ANY($1::text[]) ORDER BY 1`,
      [[...NEW_INDEXES, 'Lease_partnerId_startedAt_idx', 'Lease_partnerId_id_idx', 'Customer_partnerId_id_idx']],
    );
    expect(rows).toEqual([...NEW_INDEXES].sort().map((name) => ({ name, valid: true })));
  });

  it('indexes the 5-character pieces of the leases that were there, which a narrow search then finds', async () => {
    const keys = ['c17@h', 'arbor', '3.tes'];
    const { rows } = await client.query(
      `SELECT "customerEmailNorm" AS email FROM "Lease" WHERE lb_text_grams("customerEmailNorm") @> $1::text[] AND strpos("customerEmailNorm", 'c17@harbor3.test') > 0`,
      [keys],
    );
    expect(rows).toEqual(Array.from({ length: 3 }, () => ({ email: 'c17@harbor3.test' })));
    expect((await client.query(`SELECT lb_text_grams('mail7.harbor') AS grams`)).rows[0].grams).toEqual(['mail7', 'ail7.', 'il7.h', 'l7.ha', '7.har', '.harb', 'harbo', 'arbor']);
  });
});

describe('a migration marked to run without a transaction', () => {
  const script = readFileSync(join(migrationsDir, MIGRATION, 'migration.sql'), 'utf8');

  it('is recognised by its first line', () => {
    expect(script.startsWith(NO_TRANSACTION_MARKER)).toBe(true);
    expect(runsWithoutTransaction(script)).toBe(true);
    expect(runsWithoutTransaction('CREATE TABLE t (id int);\n-- migrate: no-transaction')).toBe(false);
  });

  it('is split into its statements, comments left out', () => {
    expect(statementsOf(`${NO_TRANSACTION_MARKER}\n-- a note; with a semicolon\nCREATE INDEX CONCURRENTLY a ON t (x);\n\nDROP INDEX CONCURRENTLY IF EXISTS b;`)).toEqual([
      'CREATE INDEX CONCURRENTLY a ON t (x)',
      'DROP INDEX CONCURRENTLY IF EXISTS b',
    ]);
  });

  it('may not hold a function body', () => {
    expect(() => statementsOf(`${NO_TRANSACTION_MARKER}\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;`)).toThrow(/\$\$/);
  });
});
