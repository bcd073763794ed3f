import { Prisma, type Db } from '@leaseboard/db';
import { boundariesOf, type Bucket } from './report-buckets.rules.ts';
import { leaseScopeSql, type ReportScope } from './report-sql.ts';

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
 * the leases: every lease contributes a +1 event at startedAt and a −1 event at stoppedAt; width_bucket
 * puts each event in its bucket (0 = before the first one, the baseline) and a running sum gives the
 * active count at each bucket's end. So activeAtEnd(k) = activeAtEnd(k−1) + started(k) − stopped(k) holds
 * by construction.
 */
export async function leaseMovements(db: Db, scope: ReportScope, buckets: readonly Bucket[]): Promise<BucketMovement[]> {
  if (!buckets.length) return [];
  const bounds = boundariesOf(buckets).map((d) => d.toISOString());
  const last = buckets[buckets.length - 1]!.end;
  const rows = await db.$queryRaw<{ k: number; started: number; stopped: number; active: number }[]>(Prisma.sql`
    WITH per AS (
      SELECT width_bucket(e.at, ${bounds}::timestamptz[]) AS k,
             count(*) FILTER (WHERE e.delta = 1) AS started,
             count(*) FILTER (WHERE e.delta = -1) AS stopped
      FROM "Lease" l
      CROSS JOIN LATERAL (VALUES (l."startedAt", 1), (l."stoppedAt", -1)) AS e(at, delta)
      WHERE l."startedAt" < ${last} ${leaseScopeSql(scope)} AND e.at < ${last}
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
