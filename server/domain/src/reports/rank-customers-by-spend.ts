import { Prisma, type Db } from '@leaseboard/db';
import { customerSpendIsCurrent } from './customer-spend.ts';
import { addOnPriceByProductCte, addOnScopeSql, currentPricesCtes, leaseScopeSql, runReport, toNumber, type ReportScope } from './report-sql.ts';

export const MAX_TOP_CUSTOMERS = 100;

export interface CustomerSpend {
  customerId: number;
  partnerId: number;
  email: string;
  name: string | null;
  company: string | null;
  activeLeases: number;
  monthlySpendCents: number;
}

export interface Row extends Omit<CustomerSpend, 'monthlySpendCents'> {
  cents: bigint;
}

/**
 * The customers with the highest current monthly spend: the sum over their active leases (in scope) of
 * the product price plus the add-on prices for the product's tier rank, at the prices in force at `now`.
 * Ties go to the lower customer ID. Over the whole catalog, and when CustomerSpend is priced with the
 * price list in force at `now`, the ranking is read from it; otherwise it is computed live: each lease and
 * each add-on on it contributes one row of cost, so the only grouping is by customer.
 */
export async function rankCustomersBySpend(db: Db, scope: ReportScope, now: Date, limit: number): Promise<CustomerSpend[]> {
  const take = Math.max(1, Math.min(MAX_TOP_CUSTOMERS, Math.floor(limit)));
  const wholeCatalog = scope.productId == null && scope.productTypeId == null;
  const rows = wholeCatalog && (await customerSpendIsCurrent(db, now)) ? await rankFromRollup(db, scope, take) : await rankLive(db, scope, now, take);
  return rows.map(({ cents, ...row }) => ({ ...row, monthlySpendCents: toNumber(cents) }));
}

/** The same ranking from CustomerSpend (kept by triggers): one index range instead of every active lease. */
function rankFromRollup(db: Db, scope: ReportScope, take: number): Promise<Row[]> {
  const partner = scope.partnerId === null ? Prisma.empty : Prisma.sql`AND s."partnerId" = ${scope.partnerId}`;
  return runReport<Row>(db, Prisma.sql`
    SELECT c.id AS "customerId", c."partnerId", c.email, c.name, c.company, s."activeLeases", s."monthlyCents" AS cents
    FROM "CustomerSpend" s JOIN "Customer" c ON c.id = s."customerId"
    WHERE s."activeLeases" > 0 ${partner}
    ORDER BY s."monthlyCents" DESC, s."customerId"
    LIMIT ${take}`);
}

/** The ranking computed from every active lease in scope (exported for the test that holds the two equal). */
export function rankLive(db: Db, scope: ReportScope, now: Date, take: number): Promise<Row[]> {
  return runReport<Row>(db, Prisma.sql`
    WITH ${currentPricesCtes(now)},
    ${addOnPriceByProductCte},
    costs AS (
      SELECT l."customerId", 1 AS lease, coalesce(pp."amountCents", 0) AS cents
      FROM "Lease" l LEFT JOIN pp ON pp."productId" = l."productId"
      WHERE l.status = 'ACTIVE' ${leaseScopeSql(scope)}
      UNION ALL
      -- An add-on carries its lease's customer, product and state: no join to Lease.
      SELECT la."customerId", 0, apr."amountCents"
      FROM "LeaseAddOn" la
      JOIN apr ON apr."productId" = la."productId" AND apr."addOnId" = la."addOnId"
      WHERE la."leaseActive" ${addOnScopeSql(scope)}
    ),
    per_customer AS (
      SELECT "customerId", sum(lease)::int AS leases, sum(cents)::bigint AS cents
      FROM costs
      GROUP BY "customerId"
      ORDER BY cents DESC, "customerId"
      LIMIT ${take}
    )
    SELECT c.id AS "customerId", c."partnerId", c.email, c.name, c.company, x.leases AS "activeLeases", x.cents
    FROM per_customer x JOIN "Customer" c ON c.id = x."customerId"
    ORDER BY x.cents DESC, c.id`);
}
