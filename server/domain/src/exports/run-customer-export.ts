import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import { exportHeader } from '../customers/customer-export.rules.ts';
import { customerExportChunks, countCustomerExport, EXPORT_CHUNK_SIZE } from '../customers/read-customer-export.ts';
import { readStoredFilter } from './export-filter.ts';
import { progressChunkSize } from './export-progress.rules.ts';
import { DOWNLOAD_VALID_MS, exportsDir, finalExportPath, isPartialOf, partialExportPath } from './export-files.ts';
import { markAttemptFailed, markExportRunning, markExportSucceeded, readExportToRun, recordExportProgress } from './export-run-rows.ts';

export interface RunExportDeps {
  /** pg, not Prisma: this runs in the export process, which loads pg alone (export-process.ts). */
  pool: pg.Pool;
  clock: Clock;
  dataDir: string;
}

export interface RunExportOptions {
  /** The queue will not try again after this attempt: a failure is final (FAILED). */
  lastAttempt: boolean;
  /** Customers per chunk; by default small enough that progress moves (progressChunkSize). */
  chunkSize?: number;
  /** Aborted when the worker is stopping: the attempt ends and the queue runs it again later. */
  signal?: AbortSignal;
  /** Called after each chunk is written and counted (tests use it to stop an attempt midway). */
  afterChunk?: (rowsDone: number) => void | Promise<void>;
}

/** ABANDONED: the queue gave up on the export while this attempt ran; it stays FAILED and the sweep takes the file. */
export type RunExportOutcome = 'SUCCEEDED' | 'ALREADY_DONE' | 'NOT_FOUND' | 'ABANDONED';

/**
 * Writes an export's file from scratch. Each attempt writes a temporary file of its own and updates
 * rowsDone after every chunk; only a complete file is renamed to the final name, and only then is the
 * export SUCCEEDED with an expiresAt (its download link is signed over it: see download-token.ts). An
 * attempt that fails (or a process that dies) leaves no file under the final name: the queue retries the
 * job, and the retry starts over, removing partial files. A SUCCEEDED, EXPIRED or FAILED (given up on) export
 * is never rewritten.
 */
export async function runCustomerExport(deps: RunExportDeps, exportId: number, options: RunExportOptions): Promise<RunExportOutcome> {
  const { pool, clock, dataDir } = deps;
  const row = await readExportToRun(pool, exportId);
  if (!row) return 'NOT_FOUND';
  if (row.status === 'SUCCEEDED' || row.status === 'EXPIRED' || row.status === 'FAILED') return 'ALREADY_DONE';

  const dir = exportsDir(dataDir);
  await mkdir(dir, { recursive: true });
  await removePartials(dir, exportId);

  const filter = readStoredFilter(row.filter);
  const now = clock.now();
  const totalRows = await countCustomerExport(pool, row.partnerId, filter);
  await markExportRunning(pool, exportId, totalRows, now);

  const partial = partialExportPath(dataDir, exportId, randomBytes(4).toString('hex'));
  const file = await open(partial, 'w');
  let rowsDone = 0;
  try {
    await file.write(exportHeader(row.format));
    for await (const chunk of customerExportChunks(pool, row.partnerId, filter, row.format, now, options.chunkSize ?? progressChunkSize(totalRows, EXPORT_CHUNK_SIZE))) {
      options.signal?.throwIfAborted();
      await file.write(chunk.bytes);
      rowsDone += chunk.rows;
      await recordExportProgress(pool, exportId, rowsDone);
      await options.afterChunk?.(rowsDone);
    }
    await file.sync();
    await file.close();
    const final = finalExportPath(dataDir, exportId, row.format);
    await rename(partial, final);
    const finishedAt = clock.now();
    const expiresAt = new Date(finishedAt.getTime() + DOWNLOAD_VALID_MS);
    return (await markExportSucceeded(pool, exportId, { rowsDone, filePath: final, finishedAt, expiresAt })) ? 'SUCCEEDED' : 'ABANDONED';
  } catch (error) {
    await file.close().catch(() => {});
    await rm(partial, { force: true });
    await markAttemptFailed(pool, exportId, options.lastAttempt, clock.now());
    throw error;
  }
}

async function removePartials(dir: string, exportId: number): Promise<void> {
  for (const name of await readdir(dir)) {
    if (isPartialOf(name, exportId)) await rm(`${dir}/${name}`, { force: true });
  }
}
