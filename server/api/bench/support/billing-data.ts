import type pg from 'pg';

/**
 * Bench data written straight in SQL: `partners` partners with `leasesPerPartner` SmarterMail leases
 * each, one customer per lease, a sandbox card on file per partner, and the lease history. 80% of the
 * leases run unchanged through January 2025 (a third of them with an add-on); 20% change during the
 * month, in four equal kinds: upgraded a tier with an add-on added, started, stopped, add-on removed.
 */
export async function writeBenchLeases(client: pg.Client, partners: number, leasesPerPartner: number): Promise<void> {
  const products = await client.query<{ id: number; tierRank: number }>(
    `SELECT id, "tierRank" FROM "Product" WHERE sku IN ('SM-PRO-100', 'SM-PRO-250', 'SM-PRO-500', 'SM-PRO-1000', 'SM-PRO-UNL') ORDER BY "tierRank"`,
  );
  const [addOn] = (await client.query<{ id: number }>(`SELECT id FROM "AddOn" WHERE code = 'PREMIUM_ANTISPAM'`)).rows;
  const ids = products.rows.map((row) => row.id);
  const leases = partners * leasesPerPartner;

  await client.query(
    `INSERT INTO "Partner" (company, "contactName", "contactEmail", "billingEmail", "updatedAt")
     SELECT 'Bench Hosting ' || g, 'Bench ' || g, 'contact' || g || '@bench.test', 'billing' || g || '@bench.test', now()
     FROM generate_series(1, $1) g`,
    [partners],
  );
  await client.query(
    `INSERT INTO "PaymentMethod" ("partnerId", gateway, token, brand, last4, "expMonth", "expYear")
     SELECT id, 'sandbox', 'tok_sandbox_bench_' || id, 'visa', '4242', 12, 2030 FROM "Partner"`,
  );
  // The plan per lease g: partner, customer email, product tier, and what happens in January.
  await client.query(`
    CREATE TEMP TABLE plan AS
    SELECT g,
           p.id AS partner_id,
           'customer' || g || '@bench.test' AS email,
           (g % 4) AS tier,
           CASE WHEN g % 10 < 2 THEN (g / 10) % 4 ELSE -1 END AS change,
           (g % 3 = 0) AS with_add_on,
           timestamptz '2025-01-01 00:00Z' + ((g % 27) * interval '1 day') + interval '12 hours' + ((g % 600) * interval '1 minute') AS event_at,
           timestamptz '2024-02-01 00:00Z' + ((g % 300) * interval '1 day') AS started_before
    FROM generate_series(1, ${leases}) g
    JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM "Partner") p ON p.n = (g - 1) % ${partners}`);
  await client.query(`
    INSERT INTO "Customer" ("partnerId", email, "emailNorm")
    SELECT partner_id, email, email FROM plan`);
  await client.query(
    `INSERT INTO "Lease" ("partnerId", "customerId", "productId", "licenseKey", status, "startedAt", "stoppedAt", "sendKeyTo", "customerEmailNorm", version, "updatedAt")
     SELECT plan.partner_id, c.id,
            ($1::int4[])[plan.tier + 1 + CASE WHEN plan.change = 0 THEN 1 ELSE 0 END],
            'BENCH' || lpad(plan.g::text, 19, '0'),
            (CASE WHEN plan.change = 2 THEN 'STOPPED' ELSE 'ACTIVE' END)::"LeaseStatus",
            CASE WHEN plan.change = 1 THEN plan.event_at ELSE plan.started_before END,
            CASE WHEN plan.change = 2 THEN plan.event_at END,
            plan.email, plan.email,
            CASE WHEN plan.change IN (0, 2, 3) THEN 2 ELSE 1 END, now()
     FROM plan JOIN "Customer" c ON c."partnerId" = plan.partner_id AND c."emailNorm" = plan.email`,
    [ids],
  );
  await client.query(`CREATE TEMP TABLE lease_plan AS
    SELECT l.id AS lease_id, plan.* FROM plan JOIN "Lease" l ON l."licenseKey" = 'BENCH' || lpad(plan.g::text, 19, '0')`);
  // Version 1: how each lease started; add-ons where it starts with one.
  await client.query(
    `INSERT INTO "LeaseHistory" ("leaseId", "partnerId", version, action, "effectiveAt", "toProductId", "toAddOnIds", "actorLabel")
     SELECT lease_id, partner_id, 1, 'STARTED', CASE WHEN change = 1 THEN event_at ELSE started_before END,
            ($1::int4[])[tier + 1],
            CASE WHEN change = 3 OR (change = -1 AND with_add_on) THEN ARRAY[$2::int4] ELSE ARRAY[]::int4[] END, 'bench'
     FROM lease_plan`,
    [ids, addOn!.id],
  );
  // Version 2: the change during January.
  await client.query(
    `INSERT INTO "LeaseHistory" ("leaseId", "partnerId", version, action, "effectiveAt", "fromProductId", "toProductId", "fromAddOnIds", "toAddOnIds", "actorLabel")
     SELECT lease_id, partner_id, 2,
            (CASE change WHEN 2 THEN 'STOPPED' ELSE 'MODIFIED' END)::"LeaseAction", event_at,
            ($1::int4[])[tier + 1],
            CASE change WHEN 0 THEN ($1::int4[])[tier + 2] WHEN 3 THEN ($1::int4[])[tier + 1] END,
            CASE WHEN change = 3 THEN ARRAY[$2::int4] ELSE ARRAY[]::int4[] END,
            CASE WHEN change = 0 THEN ARRAY[$2::int4] ELSE ARRAY[]::int4[] END, 'bench'
     FROM lease_plan WHERE change IN (0, 2, 3)`,
    [ids, addOn!.id],
  );
  await client.query(
    `INSERT INTO "LeaseAddOn" ("leaseId", "addOnId")
     SELECT lease_id, $1 FROM lease_plan WHERE change = 0 OR (change = -1 AND with_add_on)`,
    [addOn!.id],
  );
  await client.query('DROP TABLE plan; DROP TABLE lease_plan; ANALYZE');
}
