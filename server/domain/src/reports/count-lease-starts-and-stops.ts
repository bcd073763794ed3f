import type { Db } from '@leaseboard/db';
import { leaseMovements } from './lease-movements.ts';
import { bucketsOf, type ReportRange } from './report-buckets.rules.ts';
import type { ReportScope } from './report-sql.ts';

export interface LeaseFlowPeriod {
  start: Date;
  end: Date;
  started: number;
  stopped: number;
  /** started − stopped: the change in active leases over the period. */
  netChange: number;
}

export interface LeaseFlowReport {
  periods: LeaseFlowPeriod[];
  totals: { started: number; stopped: number; netChange: number };
  /** Active leases at the start of the first period and at the end of the last. */
  activeAtStart: number;
  activeAtEnd: number;
}

/** New and stopped leases per day, week or month, with the net change; activeAtEnd = activeAtStart + total net. */
export async function countLeaseStartsAndStops(db: Db, scope: ReportScope, range: ReportRange): Promise<LeaseFlowReport> {
  const buckets = bucketsOf(range);
  if (!buckets) throw new RangeError('invalid report range: check it with rangeProblem first');
  const movements = await leaseMovements(db, scope, buckets);
  const periods = movements.map(({ start, end, started, stopped }) => ({ start, end, started, stopped, netChange: started - stopped }));
  const started = periods.reduce((sum, p) => sum + p.started, 0);
  const stopped = periods.reduce((sum, p) => sum + p.stopped, 0);
  const first = movements[0]!;
  return {
    periods,
    totals: { started, stopped, netChange: started - stopped },
    activeAtStart: first.activeAtEnd - first.started + first.stopped,
    activeAtEnd: movements[movements.length - 1]!.activeAtEnd,
  };
}
