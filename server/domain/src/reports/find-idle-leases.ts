import { Prisma, type Db } from '@leaseboard/db';
import { addOnPriceByProductCte, currentPricesCtes, leaseScopeSql, runReport, toNumber, type ReportScope } from './report-sql.ts';

/** A lease not seen by its server for this long is idle. */
export const IDLE_AFTER_DAYS = 30;
/** A lease no server has activated yet counts as idle only this long after it started: setting up a server takes time. */
export const IDLE_GRACE_DAYS = 14;
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
  /** Whole days since its server was last seen, or since it started when no server ever was. */
  idleDays: number;
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

interface Row extends Omit<IdleLease, 'monthlyCents' | 'idleDays'> {
  cents: bigint;
  total_count: number;
  total_cents: bigint;
}

/**
 * Active leases that cost money but are not in use: never activated (no server has reported the key, so
 * lastSeenAt is null: an activation sets serverName and lastSeenAt together) IDLE_GRACE_DAYS or more after
 * they started, or not seen by their server for IDLE_AFTER_DAYS or more. One statement returns the page and the totals over all of them, so the two
 * always agree. The idle set and its cost come from one index (Lease_idle_idx, whose entries carry each
 * lease's add-on ids, kept by triggers on LeaseAddOn); only the page's rows are read from the table.
 */
export async function findIdleLeases(
  db: Db,
  scope: ReportScope,
  now: Date,
  page: { first: number; after?: IdleCursor | null },
): Promise<IdleLeasesPage> {
  const seenBefore = new Date(now.getTime() - IDLE_AFTER_DAYS * DAY_MS);
  const startedBefore = new Date(now.getTime() - IDLE_GRACE_DAYS * DAY_MS);
  const after = page.after
    ? Prisma.sql`WHERE idle.cents < ${page.after.monthlyCents} OR (idle.cents = ${page.after.monthlyCents} AND idle.id > ${page.after.leaseId})`
    : Prisma.empty;
  const rows = await runReport<Row>(db, Prisma.sql`
    WITH ${currentPricesCtes(now)},
    ${addOnPriceByProductCte},
    ids AS MATERIALIZED (
      -- Two ranges of one index (never seen, past the grace period; not since seenBefore) rather than one OR
      -- over every active lease; the index entry carries the product and the sorted add-on ids, all that
      -- prices a lease, and the start.
      SELECT l.id, l."productId", coalesce(l."addOnIds", '{}') AS "addOnIds" FROM "Lease" l
      WHERE l.status = 'ACTIVE' AND l."lastSeenAt" IS NULL AND l."startedAt" <= ${startedBefore} ${leaseScopeSql(scope)}
      UNION ALL
      SELECT l.id, l."productId", coalesce(l."addOnIds", '{}') FROM "Lease" l
      WHERE l.status = 'ACTIVE' AND l."lastSeenAt" <= ${seenBefore} ${leaseScopeSql(scope)}
    ),
    kinds AS MATERIALIZED (
      -- Each (product, add-ons) combination among the idle leases, priced once.
      SELECT k."productId", k."addOnIds", k.n,
             (coalesce(pp."amountCents", 0) + coalesce((
               SELECT sum(apr."amountCents") FROM unnest(k."addOnIds") AS a(id)
               JOIN apr ON apr."productId" = k."productId" AND apr."addOnId" = a.id), 0))::bigint AS cents
      FROM (SELECT "productId", "addOnIds", count(*) AS n FROM ids GROUP BY 1, 2) k
      LEFT JOIN pp ON pp."productId" = k."productId"
    ),
    idle AS (
      SELECT ids.id, kinds.cents FROM ids JOIN kinds ON kinds."productId" = ids."productId" AND kinds."addOnIds" = ids."addOnIds"
    ),
    totals AS (SELECT coalesce(sum(n), 0)::int AS total_count, coalesce(sum(n * cents), 0)::bigint AS total_cents FROM kinds),
    page AS (
      SELECT idle.id, idle.cents FROM idle ${after}
      ORDER BY idle.cents DESC, idle.id
      LIMIT ${page.first + 1}
    )
    SELECT totals.total_count, totals.total_cents,
           l.id AS "leaseId", l."partnerId", l."licenseKey", c.email AS "customerEmail", p.name AS "productName",
           l."serverName", l."startedAt", l."lastSeenAt",
           CASE WHEN l."lastSeenAt" IS NULL THEN 'NEVER_ACTIVATED' ELSE 'NOT_SEEN' END AS reason,
           page.cents
    FROM totals
    LEFT JOIN page ON true
    LEFT JOIN "Lease" l ON l.id = page.id
    LEFT JOIN "Product" p ON p.id = l."productId"
    LEFT JOIN "Customer" c ON c.id = l."customerId"
    ORDER BY page.cents DESC, page.id`, { mergeJoins: false });
  const first = rows[0];
  const found = rows.filter((r) => r.leaseId !== null);
  return {
    totalCount: first?.total_count ?? 0,
    totalMonthlyCents: toNumber(first?.total_cents),
    hasNextPage: found.length > page.first,
    leases: found.slice(0, page.first).map(({ cents, total_count: _count, total_cents: _cents, ...lease }) => ({
      ...lease,
      idleDays: wholeDaysBetween(lease.lastSeenAt ?? lease.startedAt, now),
      monthlyCents: toNumber(cents),
    })),
  };
}

function wholeDaysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}
