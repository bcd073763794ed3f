-- AlterTable
ALTER TABLE "LeaseAddOn" ADD COLUMN     "customerId" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "partnerId" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "LeaseAddOn_partnerId_customerId_leaseId_addOnId_idx" ON "LeaseAddOn"("partnerId", "customerId", "leaseId", "addOnId");
-- Existing add-ons take their lease's partner and customer.
UPDATE "LeaseAddOn" la SET "partnerId" = l."partnerId", "customerId" = l."customerId"
FROM "Lease" l WHERE l.id = la."leaseId";

-- Whatever a writer puts in partnerId and customerId, they are the lease's.
CREATE FUNCTION "LeaseAddOn_copy_lease_owner"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT l."partnerId", l."customerId" INTO NEW."partnerId", NEW."customerId" FROM "Lease" l WHERE l.id = NEW."leaseId";
  RETURN NEW;
END $$;

CREATE TRIGGER "LeaseAddOn_copy_lease_owner" BEFORE INSERT OR UPDATE ON "LeaseAddOn"
FOR EACH ROW EXECUTE FUNCTION "LeaseAddOn_copy_lease_owner"();

-- A lease never changes partner or customer today; if it ever does, its add-ons follow.
CREATE FUNCTION "Lease_sync_add_on_owner"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "LeaseAddOn" SET "partnerId" = NEW."partnerId", "customerId" = NEW."customerId" WHERE "leaseId" = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER "Lease_sync_add_on_owner" AFTER UPDATE OF "partnerId", "customerId" ON "Lease"
FOR EACH ROW WHEN (OLD."partnerId" IS DISTINCT FROM NEW."partnerId" OR OLD."customerId" IS DISTINCT FROM NEW."customerId")
EXECUTE FUNCTION "Lease_sync_add_on_owner"();
