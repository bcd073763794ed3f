import type { Services } from '../services.ts';
import { registerBillingJobs } from './billing-jobs.ts';
import { exportInItsOwnProcess, registerCustomerExportJobs } from './customer-export-job.ts';
import { registerCustomerSpendJobs } from './customer-spend-job.ts';
import { registerExportSweepJobs } from './export-sweep-job.ts';
import { registerLicenseIdleJobs } from './license-idle-job.ts';
import { registerOutboxJobs } from './outbox-jobs.ts';
import type { JobQueue } from './queue.ts';
import { registerReportRollupJobs } from './report-rollups-job.ts';
import { registerWebhookJobs } from './webhook-jobs.ts';

/** Each module's workers and schedules; boot calls this once the queue has started. */
export async function registerJobs(jobs: JobQueue, services: Services, { databaseUrl }: { databaseUrl: string }): Promise<void> {
  await registerOutboxJobs(jobs, services);
  await registerBillingJobs(jobs, services);
  await registerCustomerExportJobs(jobs, services, { runner: exportInItsOwnProcess(services, databaseUrl) });
  await registerExportSweepJobs(jobs, services);
  await registerCustomerSpendJobs(jobs, services);
  await registerReportRollupJobs(jobs, services);
  await registerWebhookJobs(jobs, services);
  await registerLicenseIdleJobs(jobs, services);
}
