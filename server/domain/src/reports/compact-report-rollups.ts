import type { Db } from '@leaseboard/db';

/**
 * Folds the rows the triggers appended to the report rollups (LeaseDayMovement, ActiveLeaseTally,
 * ActiveAddOnTally) into one row per key; returns how many appended rows it folded. Reports read the same
 * sums before and after; folding only keeps the rollups small.
 */
export async function compactReportRollups(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT "lb_compact_report_rollups"() AS n`;
  return row?.n ?? 0;
}
