-- Sign-in is throttled per email and source IP in the rate-limit store (Redis or memory), no longer by a lock on the account.
ALTER TABLE "User" DROP COLUMN "failedLogins",
DROP COLUMN "lockedUntil";
