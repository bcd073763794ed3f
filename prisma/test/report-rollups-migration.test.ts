import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/embedded-postgres.ts';
import { Migrator } from '../src/migrator.ts';
import { migrationsDir } from '../src/paths.ts';

/**
 * The report_rollups migration on a database that already has leases: every lease gets its add-on ids and
 * the rollups hold the existing leases' figures, before any trigger has seen a write.
 */
const MIGRATION = readdirSync(migrationsDir).find((name) => name.endsWith('_report_rollups'))!;

let work: string;
let postgres: EmbeddedPostgres;
let client: pg.Client;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'leaseboard-rollups-migration-'));
  const before = join(work, 'before');
  cpSync(migrationsDir, before, { recursive: true });
  for (const name of readdirSync(before)) if (/^\d{14}_/.test(name) && name >= MIGRATION) rmSync(join(before, name), { recursive: true });
  postgres = await startEmbeddedPostgres();
  await new Migrator({ databaseUrl: postgres.url, migrationsDir: before }).deploy();
  client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query(`
    INSERT INTO "Partner" (id, company, "contactName", "contactEmail", "billingEmail", "updatedAt")
    VALUES (1, 'A', 'a', 'a@a.test', 'a@a.test', now()), (2, 'B', 'b', 'b@b.test', 'b@b.test', now());
    INSERT INTO "ProductType" (id, code, name, unit) VALUES (1, 'SM', 'SmarterMail', 'mailboxes');
    INSERT INTO "Product" (id, "productTypeId", edition, "tierRank", sku, name)
    VALUES (1, 1, 'PROFESSIONAL', 1, 'SM-PRO-1', 'Pro'), (2, 1, 'ENTERPRISE', 1, 'SM-ENT-1', 'Ent');
    INSERT INTO "AddOn" (id, "productTypeId", code, name, sku) VALUES (1, 1, 'X', 'X', 'SM-X'), (2, 1, 'Y', 'Y', 'SM-Y');
    INSERT INTO "Customer" (id, "partnerId", email, "emailNorm") VALUES (1, 1, 'c@a.test', 'c@a.test'), (2, 2, 'd@b.test', 'd@b.test');
    INSERT INTO "Lease" (id, "partnerId", "customerId", "productId", "licenseKey", status, "startedAt", "stoppedAt", "sendKeyTo", "customerEmailNorm", "updatedAt") VALUES
      (1, 1, 1, 1, 'K1', 'ACTIVE', '2026-01-05T10:00:00Z', NULL, 'c@a.test', 'c@a.test', now()),
      (2, 1, 1, 2, 'K2', 'STOPPED', '2026-01-05T23:00:00Z', '2026-02-01T00:00:00Z', 'c@a.test', 'c@a.test', now()),
      (3, 2, 2, 2, 'K3', 'ACTIVE', '2026-01-06T00:00:00Z', NULL, 'd@b.test', 'd@b.test', now());
    INSERT INTO "LeaseAddOn" ("leaseId", "addOnId") VALUES (1, 2), (1, 1), (2, 1), (3, 2);`);
  await new Migrator({ databaseUrl: postgres.url }).deploy();
}, 120_000);

afterAll(async () => {
  await client?.end();
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

const rows = async (sql: string) => (await client.query(sql)).rows;

describe('the report_rollups migration on existing leases', () => {
  it('ran after the leases went in', async () => {
    const [lease] = await rows(`SELECT min("createdAt") AS at FROM "Lease"`);
    const [migration] = await rows(`SELECT started_at AS at FROM _prisma_migrations WHERE migration_name = '${MIGRATION}'`);
    expect(migration.at.getTime()).toBeGreaterThan(lease.at.getTime());
  });

  it("gives every lease its sorted add-on ids", async () => {
    expect(await rows(`SELECT id, "addOnIds" FROM "Lease" ORDER BY id`)).toEqual([
      { id: 1, addOnIds: [1, 2] },
      { id: 2, addOnIds: [1] },
      { id: 3, addOnIds: [2] },
    ]);
  });

  it('fills the rollups with the existing leases, by UTC day', async () => {
    expect(await rows(`SELECT "partnerId", "productId", to_char(day, 'YYYY-MM-DD') AS day, sum(started)::int AS started, sum(stopped)::int AS stopped
                       FROM "LeaseDayMovement" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)).toEqual([
      { partnerId: 1, productId: 1, day: '2026-01-05', started: 1, stopped: 0 },
      { partnerId: 1, productId: 2, day: '2026-01-05', started: 1, stopped: 0 },
      { partnerId: 1, productId: 2, day: '2026-02-01', started: 0, stopped: 1 },
      { partnerId: 2, productId: 2, day: '2026-01-06', started: 1, stopped: 0 },
    ]);
    expect(await rows(`SELECT "partnerId", "productId", sum(leases)::int AS leases FROM "ActiveLeaseTally" GROUP BY 1, 2 ORDER BY 1, 2`)).toEqual([
      { partnerId: 1, productId: 1, leases: 1 },
      { partnerId: 2, productId: 2, leases: 1 },
    ]);
    expect(await rows(`SELECT "partnerId", "productId", "addOnId", sum(leases)::int AS leases FROM "ActiveAddOnTally" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)).toEqual([
      { partnerId: 1, productId: 1, addOnId: 1, leases: 1 },
      { partnerId: 1, productId: 1, addOnId: 2, leases: 1 },
      { partnerId: 2, productId: 2, addOnId: 2, leases: 1 },
    ]);
  });
});
