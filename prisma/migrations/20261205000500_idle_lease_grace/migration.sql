-- migrate: no-transaction
-- A never-activated lease counts as idle only after a grace period from its start (issue 16, point 8): the
-- idle index carries "startedAt" too, so the idle report still reads the index alone. The new index is built
-- beside the old one without blocking writes, then takes its name.
DROP INDEX CONCURRENTLY IF EXISTS "Lease_idle_grace_idx";
CREATE INDEX CONCURRENTLY "Lease_idle_grace_idx" ON "Lease"("status", "lastSeenAt", "id", "productId", "partnerId", "addOnIds", "startedAt");
DROP INDEX CONCURRENTLY IF EXISTS "Lease_idle_idx";
ALTER INDEX "Lease_idle_grace_idx" RENAME TO "Lease_idle_idx";
