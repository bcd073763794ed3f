-- migrate: no-transaction
-- A narrow partial search (one customer's domain, one server's host name) reads every trigram's posting
-- list, and those grow with the table: ×2.2-2.9 from 1,000,000 to 3,000,000 leases for the same 3-7
-- matches. These indexes hold each email's and server name's 5-character pieces (lb_text_grams), so a
-- fragment of five characters or more is found from its rarest piece. Broad terms keep the partner's
-- ordered scan (search-leases.ts decides per request). Built without blocking writes; dropped first if a
-- failed run left one INVALID.

DROP INDEX CONCURRENTLY IF EXISTS "Lease_customerEmailNorm_grams_idx";
CREATE INDEX CONCURRENTLY "Lease_customerEmailNorm_grams_idx" ON "Lease" USING gin (lb_text_grams("customerEmailNorm"));

DROP INDEX CONCURRENTLY IF EXISTS "Lease_serverNorm_grams_idx";
CREATE INDEX CONCURRENTLY "Lease_serverNorm_grams_idx" ON "Lease" USING gin (lb_text_grams("serverNorm"));
