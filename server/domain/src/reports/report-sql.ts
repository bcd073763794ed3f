import { Prisma, type Db } from '@leaseboard/db';

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
  return scopeSqlOn('l', scope);
}

/**
 * `AND …` on the add-on alias `la` for the scope. An add-on carries copies of its lease's partner and
 * product (kept by triggers), so an add-on query can be scoped without Lease, and a partner's add-ons are
 * one range of LeaseAddOn's (partnerId, customerId, …) index.
 */
export function addOnScopeSql(scope: ReportScope): Prisma.Sql {
  return scopeSqlOn('la', scope);
}

/**
 * `AND …` on a report rollup's alias (LeaseDayMovement, ActiveLeaseTally, ActiveAddOnTally): each row is
 * one partner's and one product's, keyed by the lease's current product like the product filter.
 */
export function rollupScopeSql(alias: 'm' | 't', scope: ReportScope): Prisma.Sql {
  return scopeSqlOn(alias, scope);
}

/** The scope's conditions on a table alias whose rows carry "partnerId" and "productId". */
function scopeSqlOn(alias: 'l' | 'la' | 'm' | 't', scope: ReportScope): Prisma.Sql {
  const on = Prisma.raw(alias);
  const parts: Prisma.Sql[] = [];
  if (scope.partnerId !== null) parts.push(Prisma.sql`AND ${on}."partnerId" = ${scope.partnerId}`);
  if (scope.productId != null) parts.push(Prisma.sql`AND ${on}."productId" = ${scope.productId}`);
  if (scope.productTypeId != null) {
    parts.push(Prisma.sql`AND ${on}."productId" IN (SELECT id FROM "Product" WHERE "productTypeId" = ${scope.productTypeId})`);
  }
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}

/**
 * Two CTEs, `pp` (productId → amountCents) and `ap` (addOnId, tierRank → amountCents): the monthly prices
 * in force at `at`, the latest price effective at or before it (as the price book answers it, catalog/price-book.ts).
 * Meant to follow `WITH`, followed by a comma.
 */
export function currentPricesCtes(at: Date): Prisma.Sql {
  return Prisma.sql`
    pp AS MATERIALIZED (
      SELECT DISTINCT ON ("productId") "productId", "amountCents"
      FROM "ProductPrice" WHERE "effectiveFrom" <= ${at}
      ORDER BY "productId", "effectiveFrom" DESC
    ),
    ap AS MATERIALIZED (
      SELECT DISTINCT ON ("addOnId", "tierRank") "addOnId", "tierRank", "amountCents"
      FROM "AddOnPrice" WHERE "effectiveFrom" <= ${at}
      ORDER BY "addOnId", "tierRank", "effectiveFrom" DESC
    )`;
}

/** Whole numbers that PostgreSQL returns as bigint (counts, sums): to a JS number (exact below 2^53). */
export function toNumber(value: bigint | number | null | undefined): number {
  return value == null ? 0 : Number(value);
}

/** A report statement that runs longer than this is cancelled rather than left to hold a connection. */
export const REPORT_TIMEOUT_MS = 30_000;

/**
 * Runs one report statement in a transaction of its own with settings fit for a large aggregate:
 * enough work_mem for the hash tables of a few hundred thousand groups to stay in memory, no JIT
 * (compiling the plan costs more than it saves on statements that run well under a second), and a
 * statement timeout. `mergeJoins: false` is for a statement whose join the planner misjudges: it sorts
 * both sides of a join with a few hundred rows on one side instead of hashing them.
 */
export async function runReport<T>(db: Db, sql: Prisma.Sql, planner: { mergeJoins?: boolean } = {}): Promise<T[]> {
  const [, rows] = await db.$transaction(
    [
      db.$executeRaw`SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
                            set_config('enable_mergejoin', ${planner.mergeJoins === false ? 'off' : 'on'}, true),
                            set_config('statement_timeout', ${String(REPORT_TIMEOUT_MS)}, true)`,
      db.$queryRaw<T[]>(sql),
    ],
    { timeout: REPORT_TIMEOUT_MS + 5_000, maxWait: 10_000 },
  );
  return rows;
}

/**
 * A CTE `apr` (productId, addOnId → amountCents): every add-on's price for every product of its type, at
 * the product's tier rank. Requires `ap` from currentPricesCtes.
 */
export const addOnPriceByProductCte = Prisma.sql`
    apr AS MATERIALIZED (
      SELECT p.id AS "productId", a.id AS "addOnId", ap."amountCents"
      FROM "Product" p
      JOIN "AddOn" a ON a."productTypeId" = p."productTypeId"
      JOIN ap ON ap."addOnId" = a.id AND ap."tierRank" = p."tierRank"
    )`;
