import { Prisma, type Db } from '@leaseboard/db';
import { boundariesOf, type Bucket } from './report-buckets.rules.ts';
import { rollupScopeSql, runReport, type ReportScope } from './report-sql.ts';

export interface BucketMovement extends Bucket {
  /** Leases started in [start, end). */
  started: number;
  /** Leases stopped in [start, end). */
  stopped: number;
  /** Leases active at the end of the bucket: started before `end` and not stopped before it. */
  activeAtEnd: number;
}

/**
 * Starts, stops and the running count of active leases per bucket, from the LeaseDayMovement rollup
 * (starts and stops per partner, product and UTC day, kept by triggers on every write to Lease): bucket
 * boundaries are UTC midnights, so width_bucket puts each day's counts in its bucket (0 = before the first
 * one, the baseline), and a running sum of starts minus stops gives the active count at each bucket's end.
 * So activeAtEnd(k) = activeAtEnd(k−1) + started(k) − stopped(k) holds by construction.
 */
export async function leaseMovements(db: Db, scope: ReportScope, buckets: readonly Bucket[]): Promise<BucketMovement[]> {
  if (!buckets.length) return [];
  const days = boundariesOf(buckets).map((d) => d.toISOString().slice(0, 10));
  const rows = await runReport<{ k: number; started: number; stopped: number; active: number }>(db, Prisma.sql`
    WITH per AS (
      SELECT width_bucket(m.day, ${days}::date[]) AS k, sum(m.started) AS started, sum(m.stopped) AS stopped
      FROM "LeaseDayMovement" m
      WHERE m.day < ${days[days.length - 1]}::date ${rollupScopeSql('m', scope)}
      GROUP BY 1
    )
    SELECT s.k::int AS k,
           coalesce(per.started, 0)::int AS started,
           coalesce(per.stopped, 0)::int AS stopped,
           (sum(coalesce(per.started, 0) - coalesce(per.stopped, 0)) OVER (ORDER BY s.k))::int AS active
    FROM generate_series(0, ${buckets.length}::int) AS s(k)
    LEFT JOIN per ON per.k = s.k
    ORDER BY s.k`);
  return buckets.map((bucket, index) => {
    const row = rows[index + 1]!;
    return { ...bucket, started: row.started, stopped: row.stopped, activeAtEnd: row.active };
  });
}
