-- AlterTable
ALTER TABLE "LeaseAddOn" ADD COLUMN     "leaseActive" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "productId" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Lease_idle_idx" ON "Lease"("status", "lastSeenAt", "id", "productId");
-- Add-ons now also carry their lease's product and state, kept by the same triggers.
CREATE OR REPLACE FUNCTION "LeaseAddOn_copy_lease_owner"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT l."partnerId", l."customerId", l."productId", l.status = 'ACTIVE'
    INTO NEW."partnerId", NEW."customerId", NEW."productId", NEW."leaseActive"
    FROM "Lease" l WHERE l.id = NEW."leaseId";
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION "Lease_sync_add_on_owner"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The add-ons' own trigger copies the lease's values, whatever this sets.
  UPDATE "LeaseAddOn" SET "leaseId" = "leaseId" WHERE "leaseId" = NEW.id;
  RETURN NULL;
END $$;

DROP TRIGGER "Lease_sync_add_on_owner" ON "Lease";
CREATE TRIGGER "Lease_sync_add_on_owner" AFTER UPDATE OF "partnerId", "customerId", "productId", status ON "Lease"
FOR EACH ROW WHEN (OLD."partnerId" IS DISTINCT FROM NEW."partnerId" OR OLD."customerId" IS DISTINCT FROM NEW."customerId"
  OR OLD."productId" IS DISTINCT FROM NEW."productId" OR OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION "Lease_sync_add_on_owner"();

UPDATE "LeaseAddOn" SET "leaseId" = "leaseId";
