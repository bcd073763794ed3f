import type { Db } from '@leaseboard/db';
import { leaseMovements } from './lease-movements.ts';
import { bucketsOf, type ReportRange } from './report-buckets.rules.ts';
import type { ReportScope } from './report-sql.ts';

export interface ActiveLeasesPoint {
  start: Date;
  end: Date;
  /** Leases active at the end of the bucket. */
  activeLeases: number;
}

/** Active leases over time: the count at the end of each day, week or month of the range. */
export async function countActiveLeases(db: Db, scope: ReportScope, range: ReportRange): Promise<ActiveLeasesPoint[]> {
  const buckets = bucketsOf(range);
  if (!buckets) throw new RangeError('invalid report range: check it with rangeProblem first');
  const movements = await leaseMovements(db, scope, buckets);
  return movements.map(({ start, end, activeAtEnd }) => ({ start, end, activeLeases: activeAtEnd }));
}
