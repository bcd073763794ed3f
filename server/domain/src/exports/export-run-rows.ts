import type pg from 'pg';
import type { ExportFormat } from '../customers/customer-export.rules.ts';

/**
 * The Export row as an export run reads and writes it, in plain SQL: the export process (export-process.ts)
 * speaks to PostgreSQL through pg alone, without the Prisma client and its memory.
 */
export interface ExportToRun {
  id: number;
  partnerId: number;
  format: ExportFormat;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'EXPIRED';
  /** As stored: read it with readStoredFilter. */
  filter: unknown;
}

export async function readExportToRun(pool: pg.Pool, exportId: number): Promise<ExportToRun | null> {
  const result = await pool.query<ExportToRun>({
    text: `SELECT id, "partnerId", format::text AS format, status::text AS status, filter FROM "Export" WHERE id = $1`,
    values: [exportId],
  });
  return result.rows[0] ?? null;
}

/** A new attempt starts from nothing: no rows done, no file, no error. */
export async function markExportRunning(pool: pg.Pool, exportId: number, totalRows: number, at: Date): Promise<void> {
  await pool.query({
    text: `UPDATE "Export" SET status = 'RUNNING', "rowsDone" = 0, "totalRows" = $2, error = NULL, "startedAt" = $3,
             "finishedAt" = NULL, "filePath" = NULL, "expiresAt" = NULL
           WHERE id = $1`,
    values: [exportId, totalRows, at],
  });
}

export async function recordExportProgress(pool: pg.Pool, exportId: number, rowsDone: number): Promise<void> {
  await pool.query({ text: `UPDATE "Export" SET "rowsDone" = $2 WHERE id = $1 AND status = 'RUNNING'`, values: [exportId, rowsDone] });
}

/**
 * SUCCEEDED, only from RUNNING: an export the queue gave up on while this attempt ran (FAILED through the
 * dead letter queue) stays FAILED. Returns whether it changed.
 */
export async function markExportSucceeded(
  pool: pg.Pool,
  exportId: number,
  done: { rowsDone: number; filePath: string; finishedAt: Date; expiresAt: Date },
): Promise<boolean> {
  const result = await pool.query({
    text: `UPDATE "Export" SET status = 'SUCCEEDED', "rowsDone" = $2, "totalRows" = $2, "filePath" = $3, "finishedAt" = $4, "expiresAt" = $5
           WHERE id = $1 AND status = 'RUNNING'`,
    values: [exportId, done.rowsDone, done.filePath, done.finishedAt, done.expiresAt],
  });
  return (result.rowCount ?? 0) > 0;
}

/** What a client reads about an export whose last attempt failed (never the cause: that is logged). */
export const FAILED_EXPORT_ERROR = 'The export failed; start a new one.';

/**
 * After a failed attempt: back in the queue, or FAILED when it was the last one. Only a QUEUED or RUNNING
 * export changes: one that another attempt finished, or that the queue gave up on, stays as it is.
 */
export async function markAttemptFailed(pool: pg.Pool, exportId: number, lastAttempt: boolean, at: Date): Promise<void> {
  await pool.query(
    lastAttempt
      ? { text: `UPDATE "Export" SET status = 'FAILED', error = $2, "finishedAt" = $3 WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`, values: [exportId, FAILED_EXPORT_ERROR, at] }
      : { text: `UPDATE "Export" SET status = 'QUEUED', "rowsDone" = 0 WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`, values: [exportId] },
  );
}
