import type { ChildProcess } from 'node:child_process';
import { poolOf } from '@leaseboard/db';
import type { Services } from '../services.ts';
import { markAttemptFailed } from '../exports/export-run-rows.ts';
import { failAbandonedExport } from '../exports/fail-abandoned-export.ts';
import { runCustomerExport, type RunExportOptions, type RunExportOutcome } from '../exports/run-customer-export.ts';
import { ensureQueue, type JobQueue } from './queue.ts';
import { ExportProcessDied, runExportProcess } from './run-export-process.ts';

export const CUSTOMER_EXPORT_QUEUE = 'customer-export';
/** Where pg-boss moves an export's job once it gave up on it (every retry failed or timed out). */
export const ABANDONED_EXPORT_QUEUE = 'customer-export-abandoned';

/**
 * Retries restart an export from scratch. The heartbeat lets the queue notice a worker that died
 * mid-export (process killed, machine restarted) and hand the job out again.
 */
const QUEUE_OPTIONS: QueueOptions = { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 3 * 3600, heartbeatSeconds: 30 };

type QueueOptions = { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number; heartbeatSeconds: number };

/** Runs one attempt of an export. */
export type ExportRunner = (exportId: number, attempt: { lastAttempt: boolean; signal: AbortSignal }) => Promise<RunExportOutcome>;

/**
 * Production's runner: each export in a process of its own (export-process.ts), which speaks to the
 * database at `databaseUrl` (the embedded one too: it listens on a local port). A process that died
 * without an answer (killed, out of memory) cannot put its export back in the queue, so this does.
 */
export function exportInItsOwnProcess(
  services: Services,
  databaseUrl: string,
  options: { chunkSize?: number; onStart?: (child: ChildProcess) => void } = {},
): ExportRunner {
  return async (exportId, { lastAttempt, signal }) => {
    const now = services.clock.now().toISOString();
    const request = { exportId, lastAttempt, databaseUrl, dataDir: services.config.dataDir, now, ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}) };
    try {
      const { outcome, maxRssMB } = await runExportProcess(request, { signal, ...(options.onStart ? { onStart: options.onStart } : {}) });
      services.logger.info('export process', { exportId, outcome, maxRssMB });
      return outcome;
    } catch (error) {
      if (error instanceof ExportProcessDied) await markAttemptFailed(poolOf(services.db), exportId, lastAttempt, services.clock.now());
      throw error;
    }
  };
}

/** Each export on this process, with hooks into it (tests that stop an attempt midway). */
export function exportInThisProcess(services: Services, hooks: Pick<RunExportOptions, 'chunkSize' | 'afterChunk'> = {}): ExportRunner {
  return (exportId, { lastAttempt, signal }) =>
    runCustomerExport({ pool: poolOf(services.db), clock: services.clock, dataDir: services.config.dataDir }, exportId, { ...hooks, lastAttempt, signal });
}

export interface ExportWorkerOptions {
  runner: ExportRunner;
  queueOptions?: Partial<QueueOptions>;
  pollingIntervalSeconds?: number;
}

/** The export worker each queue runs on this process, woken when this process queues an export. */
const exportWorkers = new WeakMap<JobQueue, string>();

/**
 * Queues the job that writes export `exportId`; one job per export. When this process works the queue,
 * its worker starts the job now instead of at its next poll (up to 2 s later); another process's worker
 * finds it at its next poll.
 */
export async function enqueueCustomerExport(jobs: JobQueue, exportId: number): Promise<void> {
  await jobs.send(CUSTOMER_EXPORT_QUEUE, { exportId }, { singletonKey: `export-${exportId}` });
  const worker = exportWorkers.get(jobs);
  if (worker) jobs.notifyWorker(worker);
}

export async function registerCustomerExportJobs(jobs: JobQueue, services: Services, options: ExportWorkerOptions): Promise<void> {
  await ensureQueue(jobs, ABANDONED_EXPORT_QUEUE, { retryLimit: 5, retryDelay: 30 });
  await ensureQueue(jobs, CUSTOMER_EXPORT_QUEUE, { ...QUEUE_OPTIONS, ...options.queueOptions, deadLetter: ABANDONED_EXPORT_QUEUE });
  // Queues made before the dead letter queue existed get it now.
  if ((await jobs.getQueue(CUSTOMER_EXPORT_QUEUE))?.deadLetter !== ABANDONED_EXPORT_QUEUE) {
    await jobs.updateQueue(CUSTOMER_EXPORT_QUEUE, { deadLetter: ABANDONED_EXPORT_QUEUE });
  }
  // An export whose job the queue gave up on would otherwise stay RUNNING (or QUEUED) for ever.
  await jobs.work(ABANDONED_EXPORT_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async ([job]) => {
    if (!job) return;
    const { exportId } = job.data as { exportId: number };
    if (await failAbandonedExport(services.db, exportId, services.clock.now())) services.logger.warn('customer export abandoned', { exportId });
  });
  const worker = await jobs.work(
    CUSTOMER_EXPORT_QUEUE,
    { includeMetadata: true, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async ([job]) => {
      if (!job) return;
      const { exportId } = job.data as { exportId: number };
      const outcome = await options.runner(exportId, { lastAttempt: job.retryCount >= job.retryLimit, signal: job.signal }).catch((error: unknown) => {
        services.logger.error('customer export failed', { exportId: exportId, attempt: job.retryCount, error });
        throw error;
      });
      services.logger.info('customer export', { exportId: exportId, outcome });
    },
  );
  if (worker) exportWorkers.set(jobs, worker);
}
