import { Prisma, type Db } from '@leaseboard/db';

/**
 * CustomerSpend (migration customer_spend) holds each customer's active leases and monthly spend, kept by
 * triggers on every write to Lease and LeaseAddOn at the prices in force when the row was written. It can
 * stand for the live figures at `at` only when every row was priced with the price list in force at `at`:
 * none was written before a price change that has since taken effect, nor is `at` before one they include.
 */
export async function customerSpendIsCurrent(db: Db, at: Date): Promise<boolean> {
  const [row] = await db.$queryRaw<{ current: boolean }[]>(Prisma.sql`
    SELECT NOT EXISTS (
      SELECT 1 FROM "CustomerSpend", (SELECT "lb_price_version"(${at}::timestamptz) AS v) version
      WHERE "priceVersion" < version.v OR "priceVersion" > version.v
    ) AS current`);
  return row?.current ?? false;
}

/** Recomputes the rows priced with another price list than the one in force now; returns how many. */
export async function refreshStaleCustomerSpend(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT "lb_refresh_stale_customer_spend"() AS n`;
  return row?.n ?? 0;
}
