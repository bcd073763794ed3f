-- DropIndex
DROP INDEX "Lease_idle_idx";

-- AlterTable
ALTER TABLE "Lease" ADD COLUMN     "addOnIds" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- CreateTable
CREATE TABLE "LeaseDayMovement" (
    "partnerId" INTEGER NOT NULL,
    "productId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "started" INTEGER NOT NULL DEFAULT 0,
    "stopped" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LeaseDayMovement_pkey" PRIMARY KEY ("partnerId","productId","day")
);

-- CreateTable
CREATE TABLE "ActiveLeaseTally" (
    "partnerId" INTEGER NOT NULL,
    "productId" INTEGER NOT NULL,
    "leases" INTEGER NOT NULL,

    CONSTRAINT "ActiveLeaseTally_pkey" PRIMARY KEY ("partnerId","productId")
);

-- CreateTable
CREATE TABLE "ActiveAddOnTally" (
    "partnerId" INTEGER NOT NULL,
    "productId" INTEGER NOT NULL,
    "addOnId" INTEGER NOT NULL,
    "leases" INTEGER NOT NULL,

    CONSTRAINT "ActiveAddOnTally_pkey" PRIMARY KEY ("partnerId","productId","addOnId")
);

-- CreateIndex
CREATE INDEX "Lease_idle_idx" ON "Lease"("status", "lastSeenAt", "id", "productId", "partnerId", "addOnIds");
-- The rollups above are kept by triggers on every write, so the reports read a few thousand rows instead
-- of every lease. Each trigger turns the rows a statement wrote into signed facts (+1 for a row's new
-- values, −1 for its old ones) and adds them up per key; keys are upserted in key order, so concurrent
-- writers lock rollup rows in the same order.

CREATE TYPE "lb_lease_fact" AS ("partnerId" int, "productId" int, "startedAt" timestamptz, "stoppedAt" timestamptz, active boolean, sign int);
CREATE TYPE "lb_add_on_fact" AS ("partnerId" int, "productId" int, "addOnId" int, active boolean, sign int);

CREATE FUNCTION "lb_apply_lease_facts"(facts "lb_lease_fact"[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "LeaseDayMovement" AS m ("partnerId", "productId", day, started, stopped)
  SELECT "partnerId", "productId", day, sum(started), sum(stopped)
  FROM (
    SELECT f."partnerId", f."productId", (f."startedAt" AT TIME ZONE 'UTC')::date AS day, f.sign AS started, 0 AS stopped FROM unnest(facts) f
    UNION ALL
    SELECT f."partnerId", f."productId", (f."stoppedAt" AT TIME ZONE 'UTC')::date, 0, f.sign FROM unnest(facts) f WHERE f."stoppedAt" IS NOT NULL
  ) moves
  GROUP BY 1, 2, 3
  HAVING sum(started) <> 0 OR sum(stopped) <> 0
  ORDER BY 1, 2, 3
  ON CONFLICT ("partnerId", "productId", day) DO UPDATE SET started = m.started + EXCLUDED.started, stopped = m.stopped + EXCLUDED.stopped;

  INSERT INTO "ActiveLeaseTally" AS t ("partnerId", "productId", leases)
  SELECT f."partnerId", f."productId", sum(f.sign) FROM unnest(facts) f WHERE f.active
  GROUP BY 1, 2 HAVING sum(f.sign) <> 0 ORDER BY 1, 2
  ON CONFLICT ("partnerId", "productId") DO UPDATE SET leases = t.leases + EXCLUDED.leases;
$$;

CREATE FUNCTION "lb_apply_add_on_facts"(facts "lb_add_on_fact"[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "ActiveAddOnTally" AS t ("partnerId", "productId", "addOnId", leases)
  SELECT f."partnerId", f."productId", f."addOnId", sum(f.sign) FROM unnest(facts) f WHERE f.active
  GROUP BY 1, 2, 3 HAVING sum(f.sign) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT ("partnerId", "productId", "addOnId") DO UPDATE SET leases = t.leases + EXCLUDED.leases;
$$;

CREATE FUNCTION "lb_lease_rollups_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "lb_apply_lease_facts"(ARRAY(
    SELECT ROW(n."partnerId", n."productId", n."startedAt", n."stoppedAt", n.status = 'ACTIVE', 1)::"lb_lease_fact" FROM new_rows n));
  RETURN NULL;
END $$;

CREATE FUNCTION "lb_lease_rollups_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "lb_apply_lease_facts"(ARRAY(
    SELECT ROW(o."partnerId", o."productId", o."startedAt", o."stoppedAt", o.status = 'ACTIVE', -1)::"lb_lease_fact" FROM old_rows o));
  RETURN NULL;
END $$;

-- Only the rows whose partner, product, dates or status changed: a heartbeat costs one join and no write.
CREATE FUNCTION "lb_lease_rollups_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  facts "lb_lease_fact"[] := ARRAY(
    SELECT fact FROM new_rows n JOIN old_rows o ON o.id = n.id,
      LATERAL (VALUES
        (ROW(o."partnerId", o."productId", o."startedAt", o."stoppedAt", o.status = 'ACTIVE', -1)::"lb_lease_fact"),
        (ROW(n."partnerId", n."productId", n."startedAt", n."stoppedAt", n.status = 'ACTIVE', 1)::"lb_lease_fact")) AS f(fact)
    WHERE (n."partnerId", n."productId", n."startedAt", n."stoppedAt", n.status)
          IS DISTINCT FROM (o."partnerId", o."productId", o."startedAt", o."stoppedAt", o.status));
BEGIN
  IF cardinality(facts) > 0 THEN PERFORM "lb_apply_lease_facts"(facts); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Lease_rollups_insert" AFTER INSERT ON "Lease" REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_lease_rollups_after_insert"();
CREATE TRIGGER "Lease_rollups_update" AFTER UPDATE ON "Lease" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_lease_rollups_after_update"();
CREATE TRIGGER "Lease_rollups_delete" AFTER DELETE ON "Lease" REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_lease_rollups_after_delete"();

-- Add-ons: the tallies, and the lease's sorted addOnIds (what the idle-leases report prices it by).
CREATE FUNCTION "lb_refresh_lease_add_on_ids"(ids int[]) RETURNS void LANGUAGE sql AS $$
  UPDATE "Lease" l SET "addOnIds" = ARRAY(SELECT la."addOnId" FROM "LeaseAddOn" la WHERE la."leaseId" = l.id ORDER BY 1)
  WHERE l.id = ANY(ids)
    AND l."addOnIds" IS DISTINCT FROM ARRAY(SELECT la."addOnId" FROM "LeaseAddOn" la WHERE la."leaseId" = l.id ORDER BY 1);
$$;

CREATE FUNCTION "lb_add_on_rollups_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "lb_apply_add_on_facts"(ARRAY(
    SELECT ROW(n."partnerId", n."productId", n."addOnId", n."leaseActive", 1)::"lb_add_on_fact" FROM new_rows n));
  PERFORM "lb_refresh_lease_add_on_ids"(ARRAY(SELECT DISTINCT "leaseId" FROM new_rows ORDER BY 1));
  RETURN NULL;
END $$;

CREATE FUNCTION "lb_add_on_rollups_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "lb_apply_add_on_facts"(ARRAY(
    SELECT ROW(o."partnerId", o."productId", o."addOnId", o."leaseActive", -1)::"lb_add_on_fact" FROM old_rows o));
  -- A lease deleted with its add-ons (ON DELETE CASCADE) is already gone: nothing to update.
  PERFORM "lb_refresh_lease_add_on_ids"(ARRAY(SELECT DISTINCT "leaseId" FROM old_rows ORDER BY 1));
  RETURN NULL;
END $$;

-- Add-on rows are rewritten whenever their lease's product or status changes (Lease_sync_add_on_owner):
-- the old rows count −1 and the new +1, so only what changed is left. A lease's addOnIds change only if
-- an update moved an add-on to another lease or add-on.
CREATE FUNCTION "lb_add_on_rollups_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "lb_apply_add_on_facts"(
    ARRAY(SELECT ROW(o."partnerId", o."productId", o."addOnId", o."leaseActive", -1)::"lb_add_on_fact" FROM old_rows o)
    || ARRAY(SELECT ROW(n."partnerId", n."productId", n."addOnId", n."leaseActive", 1)::"lb_add_on_fact" FROM new_rows n));
  PERFORM "lb_refresh_lease_add_on_ids"(ARRAY(
    SELECT DISTINCT moved."leaseId" FROM (
      (SELECT "leaseId", "addOnId" FROM old_rows EXCEPT SELECT "leaseId", "addOnId" FROM new_rows)
      UNION ALL
      (SELECT "leaseId", "addOnId" FROM new_rows EXCEPT SELECT "leaseId", "addOnId" FROM old_rows)
    ) moved ORDER BY 1));
  RETURN NULL;
END $$;

CREATE TRIGGER "LeaseAddOn_rollups_insert" AFTER INSERT ON "LeaseAddOn" REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_add_on_rollups_after_insert"();
CREATE TRIGGER "LeaseAddOn_rollups_update" AFTER UPDATE ON "LeaseAddOn" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_add_on_rollups_after_update"();
CREATE TRIGGER "LeaseAddOn_rollups_delete" AFTER DELETE ON "LeaseAddOn" REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_add_on_rollups_after_delete"();

-- Recomputes every rollup from Lease and LeaseAddOn: for existing data here, and after a bulk load that
-- ran with the triggers off (the seed).
CREATE FUNCTION "lb_rebuild_report_rollups"() RETURNS void LANGUAGE sql AS $$
  UPDATE "Lease" l SET "addOnIds" = ids.a
  FROM (SELECT "leaseId", array_agg("addOnId" ORDER BY "addOnId") AS a FROM "LeaseAddOn" GROUP BY 1) ids
  WHERE l.id = ids."leaseId" AND l."addOnIds" IS DISTINCT FROM ids.a;
  UPDATE "Lease" l SET "addOnIds" = '{}'
  WHERE l."addOnIds" IS DISTINCT FROM '{}' AND NOT EXISTS (SELECT 1 FROM "LeaseAddOn" la WHERE la."leaseId" = l.id);

  TRUNCATE "LeaseDayMovement", "ActiveLeaseTally", "ActiveAddOnTally";
  INSERT INTO "LeaseDayMovement" ("partnerId", "productId", day, started, stopped)
  SELECT "partnerId", "productId", day, sum(started), sum(stopped)
  FROM (
    SELECT "partnerId", "productId", ("startedAt" AT TIME ZONE 'UTC')::date AS day, 1 AS started, 0 AS stopped FROM "Lease"
    UNION ALL
    SELECT "partnerId", "productId", ("stoppedAt" AT TIME ZONE 'UTC')::date, 0, 1 FROM "Lease" WHERE "stoppedAt" IS NOT NULL
  ) moves
  GROUP BY 1, 2, 3;
  INSERT INTO "ActiveLeaseTally" ("partnerId", "productId", leases)
  SELECT "partnerId", "productId", count(*) FROM "Lease" WHERE status = 'ACTIVE' GROUP BY 1, 2;
  INSERT INTO "ActiveAddOnTally" ("partnerId", "productId", "addOnId", leases)
  SELECT "partnerId", "productId", "addOnId", count(*) FROM "LeaseAddOn" WHERE "leaseActive" GROUP BY 1, 2, 3;
$$;

SELECT "lb_rebuild_report_rollups"();
