import { Prisma } from '@leaseboard/db';

/**
 * Which leases a report looks at: one partner's (or every partner's for vendor staff: null), optionally
 * one product type or one product. A product filter uses the lease's current product; a lease only ever
 * changes product within its type, so the product type filter is exact over time.
 */
export interface ReportScope {
  partnerId: number | null;
  productTypeId?: number | null;
  productId?: number | null;
}

/**
 * `AND …` conditions on the lease alias `l` for the scope. Values are bound parameters; nothing the user
 * typed is ever spliced into the SQL text.
 */
export function leaseScopeSql(scope: ReportScope): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (scope.partnerId !== null) parts.push(Prisma.sql`AND l."partnerId" = ${scope.partnerId}`);
  if (scope.productId != null) parts.push(Prisma.sql`AND l."productId" = ${scope.productId}`);
  if (scope.productTypeId != null) {
    parts.push(Prisma.sql`AND l."productId" IN (SELECT id FROM "Product" WHERE "productTypeId" = ${scope.productTypeId})`);
  }
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}

/**
 * Two CTEs, `pp` (productId → amountCents) and `ap` (addOnId, tierRank → amountCents): the monthly prices
 * in force at `at`, the latest price effective at or before it (as in catalog/current-prices.ts).
 * Meant to follow `WITH`, followed by a comma.
 */
export function currentPricesCtes(at: Date): Prisma.Sql {
  return Prisma.sql`
    pp AS (
      SELECT DISTINCT ON ("productId") "productId", "amountCents"
      FROM "ProductPrice" WHERE "effectiveFrom" <= ${at}
      ORDER BY "productId", "effectiveFrom" DESC
    ),
    ap AS (
      SELECT DISTINCT ON ("addOnId", "tierRank") "addOnId", "tierRank", "amountCents"
      FROM "AddOnPrice" WHERE "effectiveFrom" <= ${at}
      ORDER BY "addOnId", "tierRank", "effectiveFrom" DESC
    )`;
}

/**
 * Given a CTE `ls` of leases with columns (id, "tierRank", …), a CTE `lc` with each lease's add-on cost:
 * (id, "addOnCents"). Requires `ap` from currentPricesCtes. Leases without add-ons are absent.
 */
export const addOnCostCte = Prisma.sql`
    lc AS (
      SELECT la."leaseId" AS id, sum(coalesce(ap."amountCents", 0))::bigint AS "addOnCents"
      FROM "LeaseAddOn" la
      JOIN ls ON ls.id = la."leaseId"
      LEFT JOIN ap ON ap."addOnId" = la."addOnId" AND ap."tierRank" = ls."tierRank"
      GROUP BY la."leaseId"
    )`;

/** Whole numbers that PostgreSQL returns as bigint (counts, sums): to a JS number (exact below 2^53). */
export function toNumber(value: bigint | number | null | undefined): number {
  return value == null ? 0 : Number(value);
}
