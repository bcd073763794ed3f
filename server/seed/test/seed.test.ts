import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLicenseKey, normalizeLicenseKey } from '@leaseboard/domain/licenses/license-key.rules';
import { createDb } from '@leaseboard/db';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@leaseboard/db/embedded-postgres';
import { Migrator } from '@leaseboard/db/migrator';
import {
  DEMO_LOGINS,
  fromBytesGenerator,
  isDatabaseEmpty,
  LICENSE_KEY_ALPHABET,
  seedCatalog,
  seedDemo,
  simpleLicenseKey,
  truncateAppTables,
  type SeedOptions,
  type SeedSummary,
} from '../src/index.ts';

const SCALE = 300;
const options: SeedOptions = {
  seed: 42,
  scale: SCALE,
  now: new Date('2026-03-15T10:30:00Z'),
  hashPassword: async (plain) => `test-hash(${plain})`,
  makeLicenseKey: fromBytesGenerator(generateLicenseKey),
};

interface SeededDatabase {
  postgres: EmbeddedPostgres;
  client: pg.Client;
  summary: SeedSummary;
  emptyBefore: boolean;
}

async function seededDatabase(): Promise<SeededDatabase> {
  const postgres = await startEmbeddedPostgres();
  await new Migrator({ databaseUrl: postgres.url }).deploy();
  const db = createDb(postgres.url, { max: 1 });
  const emptyBefore = await isDatabaseEmpty(db).finally(() => db.$disconnect());
  const summary = await seedDemo(postgres.url, options);
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  return { postgres, client, summary, emptyBefore };
}

async function rows<T extends pg.QueryResultRow>(client: pg.Client, sql: string): Promise<T[]> {
  return (await client.query<T>(sql)).rows;
}

describe('seedDemo', () => {
  let first: SeededDatabase;
  let second: SeededDatabase;

  beforeAll(async () => {
    first = await seededDatabase();
    second = await seededDatabase();
  }, 60_000);

  afterAll(async () => {
    for (const database of [first, second]) {
      await database?.client.end();
      await database?.postgres.stop();
    }
  });

  describe('when run with the same seed on two fresh databases', () => {
    it('saw each database as empty before and as not empty after (isDatabaseEmpty)', async () => {
      const db = createDb(first.postgres.url, { max: 1 });
      const emptyAfter = await isDatabaseEmpty(db).finally(() => db.$disconnect());
      expect([first.emptyBefore, second.emptyBefore, emptyAfter]).toEqual([true, true, false]);
    });

    it('writes the same leases, keys and invoices to both', async () => {
      const snapshot = async (client: pg.Client) => ({
        leases: await rows(client, `SELECT "id", "licenseKey", "productId", "status", "startedAt", "serverNorm" FROM "Lease" ORDER BY "id"`),
        invoices: await rows(client, `SELECT "number", "partnerId", "period", "totalCents" FROM "Invoice" ORDER BY "id"`),
      });
      expect(await snapshot(second.client)).toEqual(await snapshot(first.client));
      const { durationMs: _a, ...firstCounts } = first.summary;
      const { durationMs: _b, ...secondCounts } = second.summary;
      expect(secondCounts).toEqual(firstCounts);
    });

    it('creates the requested number of leases and about 40% as many customers', () => {
      expect(first.summary.leases).toBe(SCALE);
      expect(first.summary.customers).toBe(SCALE * 0.4);
      expect(first.summary.partners).toBe(3);
    });
  });

  describe('when it has seeded the leases', () => {
    it('numbers every lease history 1, 2, 3… from STARTED, in time order', async () => {
      const broken = await rows(
        first.client,
        `SELECT "leaseId" FROM (
           SELECT "leaseId", "version", "action", "effectiveAt",
                  row_number() OVER w AS position, lag("effectiveAt") OVER w AS previous
           FROM "LeaseHistory" WINDOW w AS (PARTITION BY "leaseId" ORDER BY "version")) h
         WHERE "version" <> position
            OR ("version" = 1) <> ("action" = 'STARTED')
            OR "effectiveAt" <= previous`,
      );
      expect(broken).toEqual([]);
    });

    it("matches each lease's latest history entry to its version, product, add-ons and status", async () => {
      // A STOPPED entry names the configuration that stopped in from*; every other entry names it in to*.
      const mismatched = await rows(
        first.client,
        `SELECT l."id" FROM "Lease" l
         JOIN LATERAL (SELECT * FROM "LeaseHistory" h WHERE h."leaseId" = l."id" ORDER BY "version" DESC LIMIT 1) h ON true
         WHERE h."version" <> l."version"
            OR CASE WHEN h."action" = 'STOPPED' THEN h."fromProductId" ELSE h."toProductId" END <> l."productId"
            OR CASE WHEN h."action" = 'STOPPED' THEN h."fromAddOnIds" ELSE h."toAddOnIds" END <> coalesce(
                 (SELECT array_agg(a."addOnId" ORDER BY a."addOnId") FROM "LeaseAddOn" a WHERE a."leaseId" = l."id"), '{}')
            OR (h."action" = 'STOPPED') <> (l."status" = 'STOPPED')
            OR (h."action" = 'STOPPED' AND (h."effectiveAt" <> l."stoppedAt" OR h."toProductId" IS NOT NULL OR h."toAddOnIds" <> '{}'))`,
      );
      expect(mismatched).toEqual([]);
    });

    it('chains each change from the configuration before it', async () => {
      const unchained = await rows(
        first.client,
        `SELECT h."leaseId", h."version" FROM "LeaseHistory" h
         JOIN "LeaseHistory" p ON p."leaseId" = h."leaseId" AND p."version" = h."version" - 1
         WHERE h."fromProductId" IS DISTINCT FROM p."toProductId" OR h."fromAddOnIds" <> p."toAddOnIds"
            OR p."action" = 'STOPPED'`,
      );
      expect(unchained).toEqual([]);
    });

    it("writes each lease's sorted add-on ids and the report rollups as the triggers would have kept them", async () => {
      const snapshot = async () => ({
        addOnIds: await rows(first.client, `SELECT id, "addOnIds" FROM "Lease" ORDER BY id`),
        // A rollup key's figures are the sum of its rows.
        days: await rows(first.client, `SELECT "partnerId", "productId", day, sum(started) AS started, sum(stopped) AS stopped FROM "LeaseDayMovement" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
        leases: await rows(first.client, `SELECT "partnerId", "productId", sum(leases) AS leases FROM "ActiveLeaseTally" GROUP BY 1, 2 ORDER BY 1, 2`),
        addOns: await rows(first.client, `SELECT "partnerId", "productId", "addOnId", sum(leases) AS leases FROM "ActiveAddOnTally" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
      });
      const seeded = await snapshot();
      expect(seeded.addOnIds.filter((l) => l.addOnIds.length > 1).length).toBeGreaterThan(0);
      expect(seeded.days.length).toBeGreaterThan(0);
      await first.client.query('BEGIN');
      try {
        await first.client.query(`SELECT "lb_rebuild_report_rollups"()`);
        expect(await snapshot()).toEqual(seeded);
      } finally {
        await first.client.query('ROLLBACK');
      }
    });

    it('has modified and stopped some leases', async () => {
      const actions = await rows<{ action: string; count: number }>(
        first.client,
        `SELECT "action"::text, count(*)::int AS count FROM "LeaseHistory" GROUP BY 1 ORDER BY 1`,
      );
      expect(actions.map((row) => row.action)).toEqual(['MODIFIED', 'STARTED', 'STOPPED']);
      expect(actions.every((row) => row.count > 0)).toBe(true);
    });

    it('never puts an Enterprise-only add-on on a Professional lease, now or in its history', async () => {
      const now = await rows(
        first.client,
        `SELECT l."id" FROM "Lease" l JOIN "Product" p ON p."id" = l."productId"
         JOIN "LeaseAddOn" la ON la."leaseId" = l."id" JOIN "AddOn" a ON a."id" = la."addOnId"
         WHERE NOT (p."edition" = ANY (a."editions")) OR a."productTypeId" <> p."productTypeId"`,
      );
      const history = await rows(
        first.client,
        `SELECT h."id" FROM "LeaseHistory" h JOIN "Product" p ON p."id" = h."toProductId"
         CROSS JOIN LATERAL unnest(h."toAddOnIds") AS added("addOnId") JOIN "AddOn" a ON a."id" = added."addOnId"
         WHERE NOT (p."edition" = ANY (a."editions"))`,
      );
      expect({ now, history }).toEqual({ now: [], history: [] });
    });

    it('makes unique license keys with the product prefix that the server accepts', async () => {
      const keys = await rows<{ licenseKey: string; code: string }>(
        first.client,
        `SELECT l."licenseKey", t."code" FROM "Lease" l
         JOIN "Product" p ON p."id" = l."productId" JOIN "ProductType" t ON t."id" = p."productTypeId"`,
      );
      const prefix: Record<string, string> = { SMARTERMAIL: 'SM', SMARTERTRACK: 'ST', SMARTERSTATS: 'SS' };
      expect(new Set(keys.map((key) => key.licenseKey)).size).toBe(SCALE);
      expect(keys.filter((key) => !key.licenseKey.startsWith(prefix[key.code]!))).toEqual([]);
      expect(keys.filter((key) => normalizeLicenseKey(key.licenseKey) !== key.licenseKey)).toEqual([]);
    });

    it('activates most leases, leaves a few never activated and a few idle for 30+ days', async () => {
      const [activity] = await rows<{ never: number; idle: number; recent: number }>(
        first.client,
        `SELECT count(*) FILTER (WHERE "serverName" IS NULL)::int AS never,
                count(*) FILTER (WHERE "status" = 'ACTIVE' AND "lastSeenAt" < '2026-02-13T10:30:00Z')::int AS idle,
                count(*) FILTER (WHERE "lastSeenAt" >= '2026-03-14T10:30:00Z')::int AS recent
         FROM "Lease"`,
      );
      expect(activity!.never).toBeGreaterThan(0);
      expect(activity!.idle).toBeGreaterThan(0);
      expect(activity!.recent).toBeGreaterThan(SCALE / 2);
    });

    it("copies the latest activation's server and last sighting onto the lease, lower-cased for search", async () => {
      const mismatched = await rows(
        first.client,
        `SELECT l."id" FROM "Lease" l
         JOIN LATERAL (SELECT * FROM "Activation" a WHERE a."leaseId" = l."id" ORDER BY "firstSeenAt" DESC LIMIT 1) a ON true
         WHERE a."serverName" <> l."serverName" OR lower(a."serverName") <> l."serverNorm" OR a."lastSeenAt" <> l."lastSeenAt"`,
      );
      expect(mismatched).toEqual([]);
    });
  });

  describe('when it has seeded the invoices', () => {
    it('numbers them without gaps per year, in order of period then partner, and updates the counters', async () => {
      const invoices = await rows<{ number: string; year: number }>(
        first.client,
        `SELECT "number", left("period", 4)::int AS year FROM "Invoice" ORDER BY "period", "partnerId"`,
      );
      const expected: string[] = [];
      const counts = new Map<number, number>();
      for (const invoice of invoices) {
        const next = (counts.get(invoice.year) ?? 0) + 1;
        counts.set(invoice.year, next);
        expected.push(`INV-${invoice.year}-${String(next).padStart(6, '0')}`);
      }
      expect(invoices.map((invoice) => invoice.number)).toEqual(expected);
      expect(invoices).toHaveLength(13 * 3);
      const counters = await rows<{ year: number; last: number }>(first.client, `SELECT "year", "last" FROM "InvoiceNumberCounter" ORDER BY 1`);
      expect(counters).toEqual([...counts].map(([year, last]) => ({ year, last })));
    });

    it('totals each invoice from its lines and pays it with one successful attempt', async () => {
      const wrong = await rows(
        first.client,
        `SELECT i."number" FROM "Invoice" i
         LEFT JOIN LATERAL (SELECT sum("amountCents")::int AS total, count(*)::int AS lines FROM "InvoiceLine" WHERE "invoiceId" = i."id") l ON true
         LEFT JOIN "PaymentAttempt" a ON a."invoiceId" = i."id"
         WHERE i."status" <> 'PAID' OR l.lines = 0 OR i."totalCents" <> l.total OR i."subtotalCents" <> l.total
            OR a."attemptNumber" IS DISTINCT FROM 1 OR a."status" IS DISTINCT FROM 'SUCCEEDED' OR a."amountCents" <> i."totalCents"`,
      );
      expect(wrong).toEqual([]);
    });

    it("records each payment as the sandbox gateway's charge under the attempt's key, for the same amount and reference", async () => {
      const wrong = await rows(
        first.client,
        `SELECT a."invoiceId" FROM "PaymentAttempt" a
         LEFT JOIN "SandboxGatewayRecord" s ON s.store = 'charge' AND s.key = 'invoice:' || a."invoiceId" || ':attempt:' || a."attemptNumber"
         WHERE s.key IS NULL OR (s.value->>'amountCents')::int <> a."amountCents" OR s.value->'outcome'->>'reference' IS DISTINCT FROM a."gatewayRef"
            OR s.value->'outcome'->>'status' <> 'succeeded'`,
      );
      expect(wrong).toEqual([]);
    });

    it('prices each line by the proration formula', async () => {
      const wrong = await rows(
        first.client,
        `SELECT "id" FROM "InvoiceLine"
         WHERE "amountCents" <> floor((2 * "priceCents"::bigint * "days" + "divisor") / (2 * "divisor"))
            OR "divisor" < 28 OR "days" > "divisor"`,
      );
      expect(wrong).toEqual([]);
    });

    it('names each line as the catalog and runBilling do, and writes the customer email as the customer row holds it', async () => {
      const misnamed = await rows(
        first.client,
        `SELECT l.id FROM "InvoiceLine" l
         LEFT JOIN "Product" p ON p.sku = l.sku LEFT JOIN "AddOn" a ON a.sku = l.sku
         WHERE l.description IS DISTINCT FROM coalesce(p.name, a.name)`,
      );
      expect(misnamed).toEqual([]);
      const recased = await rows(
        first.client,
        `SELECT l.id FROM "InvoiceLine" l JOIN "Lease" le ON le.id = l."leaseId" JOIN "Customer" c ON c.id = le."customerId"
         WHERE l."customerEmail" <> c.email`,
      );
      expect(recased).toEqual([]);
      // The check above must see mixed-case emails to mean anything: the seed writes some.
      const mixed = await rows(first.client, `SELECT 1 FROM "InvoiceLine" WHERE "customerEmail" <> lower("customerEmail") LIMIT 1`);
      expect(mixed).toHaveLength(1);
    });
  });

  describe('when it has seeded the accounts', () => {
    it('creates every demo login with the hashed demo password', async () => {
      const users = await rows<{ email: string; role: string; passwordHash: string; company: string | null }>(
        first.client,
        `SELECT u."email", u."role", u."passwordHash", p."company" FROM "User" u LEFT JOIN "Partner" p ON p."id" = u."partnerId"`,
      );
      const expected = DEMO_LOGINS.map((login) => ({
        email: login.email,
        role: login.role,
        passwordHash: `test-hash(${login.password})`,
        company: login.partner,
      }));
      expect(users).toEqual(expect.arrayContaining(expected));
      expect(users).toHaveLength(expected.length);
    });

    it('gives each partner a sandbox card on file that has not expired', async () => {
      const cards = await rows<{ token: string; last4: string; expYear: number }>(
        first.client,
        `SELECT "token", "last4", "expYear" FROM "PaymentMethod" ORDER BY "partnerId"`,
      );
      expect(cards.map((card) => card.token)).toEqual(['tok_sandbox_demo_northwind', 'tok_sandbox_demo_contoso', 'tok_sandbox_demo_fabrikam']);
      expect(cards.every((card) => card.last4 === '4242' && card.expYear > 2026)).toBe(true);
    });
  });

  describe('when rows are added after the seed', () => {
    it('hands out ids after the seeded ones', async () => {
      const result = await rows<{ id: number }>(
        first.client,
        `INSERT INTO "Customer" ("partnerId", "email", "emailNorm") VALUES (1, 'later@example.test', 'later@example.test') RETURNING "id"`,
      );
      expect(result[0]!.id).toBe(first.summary.customers + 1);
    });
  });

  describe('when the database already has partners', () => {
    it('refuses to seed', async () => {
      await expect(seedDemo(first.postgres.url, options)).rejects.toMatchObject({ code: 'DATABASE_NOT_EMPTY' });
    });
  });

  describe('when the catalog is seeded again', () => {
    it('keeps one row per SKU and price, with the same ids', async () => {
      const db = createDb(first.postgres.url, { max: 1 });
      try {
        const once = await seedCatalog(db);
        const twice = await seedCatalog(db);
        expect(twice).toEqual(once);
        expect(await db.product.count()).toBe(28);
        expect(await db.productPrice.count()).toBe(28);
        expect(await db.addOn.count()).toBe(5);
        expect(await db.addOnPrice.count()).toBe(25);
        const activeSync = await db.addOn.findUniqueOrThrow({ where: { sku: 'SM-AO-ACTIVESYNC' } });
        expect(activeSync.editions).toEqual(['ENTERPRISE']);
        const unlimited = await db.product.findUniqueOrThrow({ where: { sku: 'SM-ENT-UNL' }, include: { prices: true } });
        expect(unlimited).toMatchObject({ tierSize: null, tierRank: 4, name: 'SmarterMail Enterprise Unlimited mailboxes' });
        expect(unlimited.prices.map((price) => price.amountCents)).toEqual([7000]);
      } finally {
        await db.$disconnect();
      }
    });
  });

  describe('when the database is reset (truncateAppTables)', () => {
    it('empties every table but the migration history', async () => {
      const tables = await truncateAppTables(second.postgres.url);
      const [counts] = await rows<{ leases: number; products: number; migrations: number }>(
        second.client,
        `SELECT (SELECT count(*)::int FROM "Lease") AS leases, (SELECT count(*)::int FROM "Product") AS products,
                (SELECT count(*)::int FROM "_prisma_migrations") AS migrations`,
      );
      expect(tables).toContain('Lease');
      expect(tables).not.toContain('_prisma_migrations');
      expect(counts).toMatchObject({ leases: 0, products: 0 });
      expect(counts!.migrations).toBeGreaterThan(0);
    });

    describe('and no password hasher is given', () => {
      it('refuses before writing anything', async () => {
        const { hashPassword: _, ...withoutHasher } = options;
        await expect(seedDemo(second.postgres.url, withoutHasher)).rejects.toMatchObject({ code: 'NO_PASSWORD_HASHER' });
        const [products] = await rows<{ count: number }>(second.client, `SELECT count(*)::int AS count FROM "Product"`);
        expect(products!.count).toBe(0);
      });
    });
  });
});

describe('simpleLicenseKey', () => {
  describe('when given a prefix and a random source', () => {
    it('returns the prefix and 20 characters of the key alphabet', () => {
      let state = 0;
      const key = simpleLicenseKey('SM', () => (state = (state * 9301 + 49297) % 233280) / 233280);
      expect(key).toMatch(new RegExp(`^SM[${LICENSE_KEY_ALPHABET}]{20}$`));
    });
  });
});
