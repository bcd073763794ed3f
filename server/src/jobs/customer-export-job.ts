import type { Services } from '../context.ts';
import { failAbandonedExport } from '../domain/exports/fail-abandoned-export.ts';
import { runCustomerExport, type RunExportOptions } from '../domain/exports/run-customer-export.ts';
import { ensureQueue, type JobQueue } from './queue.ts';

export const CUSTOMER_EXPORT_QUEUE = 'customer-export';
/** Where pg-boss moves an export's job once it gave up on it (every retry failed or timed out). */
export const ABANDONED_EXPORT_QUEUE = 'customer-export-abandoned';

/**
 * Retries restart an export from scratch. The heartbeat lets the queue notice a worker that died
 * mid-export (process killed, machine restarted) and hand the job out again.
 */
const QUEUE_OPTIONS: QueueOptions = { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 3 * 3600, heartbeatSeconds: 30 };

type QueueOptions = { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number; heartbeatSeconds: number };

export interface ExportWorkerOptions {
  queueOptions?: Partial<QueueOptions>;
  pollingIntervalSeconds?: number;
  run?: Pick<RunExportOptions, 'chunkSize' | 'afterChunk'>;
}

/** Queues the job that writes export `exportId`; one job per export. */
export async function enqueueCustomerExport(jobs: JobQueue, exportId: number): Promise<void> {
  await jobs.send(CUSTOMER_EXPORT_QUEUE, { exportId }, { singletonKey: `export-${exportId}` });
}

export async function registerCustomerExportJobs(jobs: JobQueue, services: Services, options: ExportWorkerOptions = {}): Promise<void> {
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
  await jobs.work(
    CUSTOMER_EXPORT_QUEUE,
    { includeMetadata: true, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async ([job]) => {
      if (!job) return;
      const { exportId } = job.data as { exportId: number };
      const outcome = await runCustomerExport(
        { db: services.db, clock: services.clock, dataDir: services.config.dataDir },
        exportId,
        { ...options.run, lastAttempt: job.retryCount >= job.retryLimit, signal: job.signal },
      ).catch((error: unknown) => {
        services.logger.error('customer export failed', { exportId: exportId, attempt: job.retryCount, error });
        throw error;
      });
      services.logger.info('customer export', { exportId: exportId, outcome });
    },
  );
}
