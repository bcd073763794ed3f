import type { Services } from '../services.ts';
import { registerBillingJobs } from './billing-jobs.ts';
import { exportInItsOwnProcess, registerCustomerExportJobs, type ExportRunner } from './customer-export-job.ts';
import { registerCustomerSpendJobs } from './customer-spend-job.ts';
import { registerExportSweepJobs } from './export-sweep-job.ts';
import { registerLicenseIdleJobs } from './license-idle-job.ts';
import { registerOutboxJobs } from './outbox-jobs.ts';
import type { JobQueue } from './queue.ts';
import { registerReportRollupJobs } from './report-rollups-job.ts';
import { registerWebhookJobs } from './webhook-jobs.ts';

export interface RegisterJobsOptions {
  databaseUrl: string;
  /** Runs each export attempt; by default in a process of its own. Browser tests pass one they can pause midway. */
  exportRunner?: ExportRunner;
}

/** Each module's workers and schedules; boot calls this once the queue has started. */
export async function registerJobs(jobs: JobQueue, services: Services, { databaseUrl, exportRunner }: RegisterJobsOptions): Promise<void> {
  await registerOutboxJobs(jobs, services);
  await registerBillingJobs(jobs, services);
  await registerCustomerExportJobs(jobs, services, { runner: exportRunner ?? exportInItsOwnProcess(services, databaseUrl) });
  await registerExportSweepJobs(jobs, services);
  await registerCustomerSpendJobs(jobs, services);
  await registerReportRollupJobs(jobs, services);
  await registerWebhookJobs(jobs, services);
  await registerLicenseIdleJobs(jobs, services);
}
