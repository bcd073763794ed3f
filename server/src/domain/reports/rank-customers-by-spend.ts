import { Prisma, type Db } from '@leaseboard/db';
import { addOnCostCte, currentPricesCtes, leaseScopeSql, toNumber, type ReportScope } from './report-sql.ts';

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

interface Row extends Omit<CustomerSpend, 'monthlySpendCents'> {
  cents: bigint;
}

/**
 * The customers with the highest current monthly spend: the sum over their active leases (in scope) of
 * the product price plus the add-on prices for the product's tier rank, at the prices in force at `now`.
 * Ties go to the lower customer ID.
 */
export async function rankCustomersBySpend(db: Db, scope: ReportScope, now: Date, limit: number): Promise<CustomerSpend[]> {
  const take = Math.max(1, Math.min(MAX_TOP_CUSTOMERS, Math.floor(limit)));
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH ${currentPricesCtes(now)},
    ls AS (
      SELECT l.id, l."customerId", l."productId", p."tierRank"
      FROM "Lease" l JOIN "Product" p ON p.id = l."productId"
      WHERE l.status = 'ACTIVE' ${leaseScopeSql(scope)}
    ),
    ${addOnCostCte},
    per_customer AS (
      SELECT ls."customerId", count(*)::int AS leases,
             sum(coalesce(pp."amountCents", 0) + coalesce(lc."addOnCents", 0))::bigint AS cents
      FROM ls
      LEFT JOIN pp ON pp."productId" = ls."productId"
      LEFT JOIN lc ON lc.id = ls.id
      GROUP BY ls."customerId"
      ORDER BY cents DESC, ls."customerId"
      LIMIT ${take}
    )
    SELECT c.id AS "customerId", c."partnerId", c.email, c.name, c.company, x.leases AS "activeLeases", x.cents
    FROM per_customer x JOIN "Customer" c ON c.id = x."customerId"
    ORDER BY x.cents DESC, c.id`);
  return rows.map(({ cents, ...row }) => ({ ...row, monthlySpendCents: toNumber(cents) }));
}
