-- CreateTable
CREATE TABLE "CustomerSpend" (
    "customerId" INTEGER NOT NULL,
    "partnerId" INTEGER NOT NULL,
    "activeLeases" INTEGER NOT NULL,
    "monthlyCents" BIGINT NOT NULL,
    "priceVersion" TEXT NOT NULL,

    CONSTRAINT "CustomerSpend_pkey" PRIMARY KEY ("customerId")
);

-- CreateIndex
CREATE INDEX "CustomerSpend_monthlyCents_customerId_idx" ON "CustomerSpend"("monthlyCents" DESC, "customerId");

-- CreateIndex
CREATE INDEX "CustomerSpend_partnerId_monthlyCents_customerId_idx" ON "CustomerSpend"("partnerId", "monthlyCents" DESC, "customerId");

-- CreateIndex
CREATE INDEX "CustomerSpend_priceVersion_idx" ON "CustomerSpend"("priceVersion");

-- AddForeignKey
ALTER TABLE "CustomerSpend" ADD CONSTRAINT "CustomerSpend_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- The price list in force at a time, as a comparable text: how many prices, the latest start, and a
-- checksum, for product and add-on prices. Two times with the same version price every lease alike.
CREATE FUNCTION "lb_price_version"(at timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|',
    (SELECT concat_ws(',', count(*), extract(epoch FROM max("effectiveFrom")),
                      sum(hashtext(concat_ws(',', "productId", extract(epoch FROM "effectiveFrom"), "amountCents"))::bigint))
       FROM "ProductPrice" WHERE "effectiveFrom" <= at),
    (SELECT concat_ws(',', count(*), extract(epoch FROM max("effectiveFrom")),
                      sum(hashtext(concat_ws(',', "addOnId", "tierRank", extract(epoch FROM "effectiveFrom"), "amountCents"))::bigint))
       FROM "AddOnPrice" WHERE "effectiveFrom" <= at))
$$;

-- Recomputes the given customers' rows at the prices in force now, as the top-customers report prices
-- them: each active lease at its product's price, each of its add-ons at the price for the product's tier.
-- Meant for a few thousand ids at a time (each is an index lookup): lb_refresh_customer_spend slices.
CREATE FUNCTION "lb_refresh_customer_spend_batch"(ids int[]) RETURNS void LANGUAGE sql AS $$
  WITH version AS (SELECT "lb_price_version"(now()) AS v),
  pp AS (
    SELECT DISTINCT ON ("productId") "productId", "amountCents" FROM "ProductPrice"
    WHERE "effectiveFrom" <= now() ORDER BY "productId", "effectiveFrom" DESC
  ),
  ap AS (
    SELECT DISTINCT ON ("addOnId", "tierRank") "addOnId", "tierRank", "amountCents" FROM "AddOnPrice"
    WHERE "effectiveFrom" <= now() ORDER BY "addOnId", "tierRank", "effectiveFrom" DESC
  ),
  leases AS (
    SELECT l."customerId", count(*)::int AS n, sum(coalesce(pp."amountCents", 0))::bigint AS cents
    FROM "Lease" l LEFT JOIN pp ON pp."productId" = l."productId"
    WHERE l."customerId" = ANY(ids) AND l.status = 'ACTIVE'
    GROUP BY l."customerId"
  ),
  addons AS (
    -- Through the customer's partner, so each customer is one range of LeaseAddOn's (partnerId, customerId) index.
    SELECT c.id AS "customerId", sum(ap."amountCents")::bigint AS cents
    FROM "Customer" c
    JOIN "LeaseAddOn" la ON la."partnerId" = c."partnerId" AND la."customerId" = c.id
    JOIN "Product" p ON p.id = la."productId"
    JOIN "AddOn" a ON a.id = la."addOnId" AND a."productTypeId" = p."productTypeId"
    JOIN ap ON ap."addOnId" = la."addOnId" AND ap."tierRank" = p."tierRank"
    WHERE c.id = ANY(ids) AND la."leaseActive"
    GROUP BY c.id
  )
  INSERT INTO "CustomerSpend" ("customerId", "partnerId", "activeLeases", "monthlyCents", "priceVersion")
  SELECT c.id, c."partnerId", coalesce(leases.n, 0), coalesce(leases.cents, 0) + coalesce(addons.cents, 0), version.v
  FROM "Customer" c CROSS JOIN version
  LEFT JOIN leases ON leases."customerId" = c.id
  LEFT JOIN addons ON addons."customerId" = c.id
  WHERE c.id = ANY(ids)
  ORDER BY c.id
  ON CONFLICT ("customerId") DO UPDATE SET
    "partnerId" = EXCLUDED."partnerId", "activeLeases" = EXCLUDED."activeLeases",
    "monthlyCents" = EXCLUDED."monthlyCents", "priceVersion" = EXCLUDED."priceVersion"
$$;

-- Any number of customers, 5,000 at a time.
CREATE FUNCTION "lb_refresh_customer_spend"(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(cardinality(ids), 0);
BEGIN
  FOR i IN 1..n BY 5000 LOOP
    PERFORM "lb_refresh_customer_spend_batch"(ids[i:i + 4999]);
  END LOOP;
END $$;

-- Rows priced with another price list than the one in force now; returns how many were recomputed.
CREATE FUNCTION "lb_refresh_stale_customer_spend"() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  current text := "lb_price_version"(now());
  ids int[] := ARRAY(SELECT "customerId" FROM "CustomerSpend" WHERE "priceVersion" < current OR "priceVersion" > current ORDER BY 1);
BEGIN
  PERFORM "lb_refresh_customer_spend"(ids);
  RETURN cardinality(ids);
END $$;

-- After each statement on Lease or LeaseAddOn, the customers it touched are recomputed (once each).
CREATE FUNCTION "lb_spend_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "lb_refresh_customer_spend"(ARRAY(SELECT DISTINCT "customerId" FROM new_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION "lb_spend_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "lb_refresh_customer_spend"(ARRAY(SELECT DISTINCT "customerId" FROM old_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION "lb_spend_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "lb_refresh_customer_spend"(ARRAY(SELECT "customerId" FROM new_rows UNION SELECT "customerId" FROM old_rows));
  RETURN NULL;
END $$;

-- A lease update changes spend only through its status, product or customer (a heartbeat does not).
CREATE FUNCTION "lb_spend_after_lease_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids int[] := ARRAY(
    SELECT unnest(ARRAY[o."customerId", n."customerId"]) FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.status, n."productId", n."customerId") IS DISTINCT FROM (o.status, o."productId", o."customerId"));
BEGIN
  IF cardinality(ids) > 0 THEN PERFORM "lb_refresh_customer_spend"(ids); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Lease_spend_insert" AFTER INSERT ON "Lease" REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_spend_after_insert"();
CREATE TRIGGER "Lease_spend_update" AFTER UPDATE ON "Lease" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_spend_after_lease_update"();
CREATE TRIGGER "Lease_spend_delete" AFTER DELETE ON "Lease" REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_spend_after_delete"();
CREATE TRIGGER "LeaseAddOn_spend_insert" AFTER INSERT ON "LeaseAddOn" REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_spend_after_insert"();
CREATE TRIGGER "LeaseAddOn_spend_update" AFTER UPDATE ON "LeaseAddOn" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_spend_after_update"();
CREATE TRIGGER "LeaseAddOn_spend_delete" AFTER DELETE ON "LeaseAddOn" REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION "lb_spend_after_delete"();

-- Every existing customer, once.
SELECT "lb_refresh_customer_spend"(ARRAY(SELECT id FROM "Customer" ORDER BY id));
