-- How many of a partner's leases a term like '%harbor%' matches is estimated from samples of the email and
-- server-name columns. With the default sample, a term matching 9,384 leases was put at 2,083, and the
-- planner then built both trigram bitmaps (17 ms) instead of reading the partner's search index in id
-- order until the capped count had its 1,001 matches (9 ms). Ten times the sample puts it at 10,221.
ALTER TABLE "Lease" ALTER COLUMN "customerEmailNorm" SET STATISTICS 1000, ALTER COLUMN "serverNorm" SET STATISTICS 1000;
ANALYZE "Lease";
