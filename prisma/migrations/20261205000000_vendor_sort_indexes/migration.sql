-- migrate: no-transaction
-- Vendor staff page every partner's leases by start time or by customer email: without an index that
-- leads with the sort key, each page sorted every lease (330–390 ms at 1,000,000 leases, growing with
-- them). Built without blocking writes, as search_indexes is; dropped first if a failed run left one INVALID.

DROP INDEX CONCURRENTLY IF EXISTS "Lease_startedAt_id_idx";
CREATE INDEX CONCURRENTLY "Lease_startedAt_id_idx" ON "Lease" ("startedAt", "id");

DROP INDEX CONCURRENTLY IF EXISTS "Lease_customerEmailNorm_id_idx";
CREATE INDEX CONCURRENTLY "Lease_customerEmailNorm_id_idx" ON "Lease" ("customerEmailNorm", "id");
