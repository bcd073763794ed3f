import type { Services } from '../context.ts';
import { runCustomerExport, type RunExportOptions } from '../domain/exports/run-customer-export.ts';
import { ensureQueue, type JobQueue } from './queue.ts';

export const CUSTOMER_EXPORT_QUEUE = 'customer-export';

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
  await ensureQueue(jobs, CUSTOMER_EXPORT_QUEUE, { ...QUEUE_OPTIONS, ...options.queueOptions });
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
