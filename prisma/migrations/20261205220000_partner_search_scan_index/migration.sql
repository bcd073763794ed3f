-- migrate: no-transaction
-- A broad term in a partner's search box matches thousands of leases: the capped count stops after
-- 1,001 of them, and reading the partner's leases in id order from an index that holds the email and the
-- server name finds them without the table (9 ms at 1,000,000 leases, against 14 ms for the two trigram
-- bitmaps and the table). It starts with (partnerId, id), so it replaces that index. Built without
-- blocking writes; dropped first if a failed run left one INVALID.

DROP INDEX CONCURRENTLY IF EXISTS "Lease_partnerId_id_search_idx";
CREATE INDEX CONCURRENTLY "Lease_partnerId_id_search_idx" ON "Lease" ("partnerId", "id", "customerEmailNorm", "serverNorm");

DROP INDEX CONCURRENTLY IF EXISTS "Lease_partnerId_id_idx";
