import { Prisma, type Db } from '@leaseboard/db';
import { boundariesOf, type Bucket } from './report-buckets.rules.ts';
import { leaseScopeSql, runReport, type ReportScope } from './report-sql.ts';

export interface BucketMovement extends Bucket {
  /** Leases started in [start, end). */
  started: number;
  /** Leases stopped in [start, end). */
  stopped: number;
  /** Leases active at the end of the bucket: started before `end` and not stopped before it. */
  activeAtEnd: number;
}

/**
 * Starts, stops and the running count of active leases per bucket, in one statement and one pass over
 * the index (partnerId, startedAt, stoppedAt): width_bucket puts each lease's start and stop in their
 * buckets (0 = before the first one, the baseline), the leases are counted per (start bucket, stop
 * bucket) pair, and a running sum of starts minus stops gives the active count at each bucket's end.
 * So activeAtEnd(k) = activeAtEnd(k−1) + started(k) − stopped(k) holds by construction.
 */
export async function leaseMovements(db: Db, scope: ReportScope, buckets: readonly Bucket[]): Promise<BucketMovement[]> {
  if (!buckets.length) return [];
  const bounds = boundariesOf(buckets).map((d) => d.toISOString());
  const last = buckets[buckets.length - 1]!.end;
  const rows = await runReport<{ k: number; started: number; stopped: number; active: number }>(db, Prisma.sql`
    WITH pairs AS (
      SELECT width_bucket(l."startedAt", ${bounds}::timestamptz[]) AS ks,
             width_bucket(l."stoppedAt", ${bounds}::timestamptz[]) AS kt,
             count(*) AS n
      FROM "Lease" l
      WHERE l."startedAt" < ${last} ${leaseScopeSql(scope)}
      GROUP BY 1, 2
    ),
    per AS (
      SELECT k, sum(started) AS started, sum(stopped) AS stopped
      FROM (
        SELECT ks AS k, n AS started, 0 AS stopped FROM pairs
        UNION ALL
        SELECT kt, 0, n FROM pairs WHERE kt <= ${buckets.length}
      ) moves
      GROUP BY k
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
