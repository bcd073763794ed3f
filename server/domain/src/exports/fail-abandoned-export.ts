import type { Db } from '@leaseboard/db';

/** What the client reads when the queue gave up on an export. */
export const ABANDONED_EXPORT_ERROR = 'The export stopped before it finished; start a new one.';

/**
 * Marks an export FAILED once the queue has given up on its job: every attempt failed, or the worker of
 * the last one died (its heartbeat stopped) before it could say so. Only a QUEUED or RUNNING export
 * changes; its partial file is left to the hourly sweep. Returns whether it changed.
 */
export async function failAbandonedExport(db: Db, exportId: number, at: Date): Promise<boolean> {
  const { count } = await db.export.updateMany({
    where: { id: exportId, status: { in: ['QUEUED', 'RUNNING'] } },
    data: { status: 'FAILED', error: ABANDONED_EXPORT_ERROR, finishedAt: at },
  });
  return count > 0;
}
