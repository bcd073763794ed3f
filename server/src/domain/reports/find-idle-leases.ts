import { Prisma, type Db } from '@leaseboard/db';
import { addOnCostCte, currentPricesCtes, leaseScopeSql, toNumber, type ReportScope } from './report-sql.ts';

/** A lease not seen by its server for this long is idle. */
export const IDLE_AFTER_DAYS = 30;
const DAY_MS = 86_400_000;

export type IdleReason = 'NEVER_ACTIVATED' | 'NOT_SEEN';

export interface IdleLease {
  leaseId: number;
  partnerId: number;
  licenseKey: string;
  customerEmail: string;
  productName: string;
  serverName: string | null;
  startedAt: Date;
  lastSeenAt: Date | null;
  reason: IdleReason;
  monthlyCents: number;
}

/** Position in the list (most expensive first, then lease ID): page after it. */
export interface IdleCursor {
  monthlyCents: number;
  leaseId: number;
}

export interface IdleLeasesPage {
  /** Every idle lease in scope, not only this page. */
  totalCount: number;
  /** What stopping every idle lease in scope would save per month, in cents. */
  totalMonthlyCents: number;
  leases: IdleLease[];
  hasNextPage: boolean;
}

interface Row extends Omit<IdleLease, 'monthlyCents'> {
  cents: bigint;
  total_count: number;
  total_cents: bigint;
}

/**
 * Active leases that cost money but are not in use: never activated (no server has reported the key), or
 * not seen by their server for IDLE_AFTER_DAYS or more. One statement returns the page and the totals over
 * all of them, so the two always agree.
 */
export async function findIdleLeases(
  db: Db,
  scope: ReportScope,
  now: Date,
  page: { first: number; after?: IdleCursor | null },
): Promise<IdleLeasesPage> {
  const seenBefore = new Date(now.getTime() - IDLE_AFTER_DAYS * DAY_MS);
  const after = page.after
    ? Prisma.sql`WHERE (idle.cents < ${page.after.monthlyCents} OR (idle.cents = ${page.after.monthlyCents} AND idle.id > ${page.after.leaseId}))`
    : Prisma.empty;
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH ${currentPricesCtes(now)},
    ls AS (
      SELECT l.id, l."partnerId", l."licenseKey", l."customerId", l."productId", l."serverName", l."startedAt", l."lastSeenAt",
             p."tierRank", p.name AS "productName"
      FROM "Lease" l JOIN "Product" p ON p.id = l."productId"
      WHERE l.status = 'ACTIVE' ${leaseScopeSql(scope)}
        AND (l."serverName" IS NULL OR l."lastSeenAt" IS NULL OR l."lastSeenAt" <= ${seenBefore})
    ),
    ${addOnCostCte},
    idle AS (
      SELECT ls.*, (coalesce(pp."amountCents", 0) + coalesce(lc."addOnCents", 0))::bigint AS cents
      FROM ls LEFT JOIN pp ON pp."productId" = ls."productId" LEFT JOIN lc ON lc.id = ls.id
    ),
    totals AS (SELECT count(*)::int AS total_count, coalesce(sum(cents), 0)::bigint AS total_cents FROM idle)
    SELECT totals.total_count, totals.total_cents, page.*
    FROM totals
    LEFT JOIN LATERAL (
      SELECT idle.id AS "leaseId", idle."partnerId", idle."licenseKey", c.email AS "customerEmail",
             idle."productName", idle."serverName", idle."startedAt", idle."lastSeenAt",
             CASE WHEN idle."serverName" IS NULL OR idle."lastSeenAt" IS NULL THEN 'NEVER_ACTIVATED' ELSE 'NOT_SEEN' END AS reason,
             idle.cents
      FROM idle JOIN "Customer" c ON c.id = idle."customerId" ${after}
      ORDER BY idle.cents DESC, idle.id
      LIMIT ${page.first + 1}
    ) page ON true`);
  const first = rows[0];
  const found = rows.filter((r) => r.leaseId !== null);
  return {
    totalCount: first?.total_count ?? 0,
    totalMonthlyCents: toNumber(first?.total_cents),
    hasNextPage: found.length > page.first,
    leases: found.slice(0, page.first).map(({ cents, total_count: _count, total_cents: _cents, ...lease }) => ({ ...lease, monthlyCents: toNumber(cents) })),
  };
}
