import type { Services } from '../services.ts';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { parsePeriod } from '../billing/calendar.rules.ts';
import { renderInvoiceAttachment } from '../billing/invoice-document.ts';
import { partnersActiveIn } from '../billing/load-lease-history.ts';
import { retryDueInvoices } from '../billing/retry-due-invoices.ts';
import { previousPeriod, runBilling } from '../billing/run-billing.ts';
import { gatewayOf } from '../billing/sandbox-store.ts';
import { registerAttachmentRenderer } from '../outbox/render-attachment.ts';
import { ensureQueue, type JobQueue } from './queue.ts';

/** Cron, UTC: 00:05 on the 1st bills the month that just ended. */
export const BILLING_MONTH_CRON = '5 0 1 * *';
/**
 * Cron, UTC: every 2 minutes, charge what is due for a retry and resume charges a dead process left
 * PENDING (older than SWEEP_RESUME_GRACE_MS), so an interrupted charge is finished within minutes. One
 * indexed query when there is nothing to do; the exclusive queue keeps one sweep at a time.
 */
export const BILLING_RETRY_CRON = '*/2 * * * *';

export const BILLING_MONTH_QUEUE = 'billing-month';
export const BILLING_PARTNER_QUEUE = 'billing-partner';
export const BILLING_RETRY_QUEUE = 'billing-retry';

export interface PartnerBillingJob {
  period: string;
  partnerId: number;
}

function billingDeps(services: Services): BillingDeps {
  return { db: services.db, clock: services.clock, gateway: gatewayOf(services), logger: services.logger };
}

/**
 * The month run fans out one job per partner with anything active, keyed `<period>:<partnerId>` on an
 * exclusive queue, so a partner is never billed by two workers at once; each job is itself idempotent,
 * so a retried or duplicated job changes nothing. The retry sweep runs every 2 minutes in whichever
 * process runs jobs.
 */
export async function registerBillingJobs(jobs: JobQueue, services: Services): Promise<void> {
  registerInvoiceAttachments();
  await ensureQueue(jobs, BILLING_MONTH_QUEUE, { policy: 'exclusive', retryLimit: 5, retryDelay: 300 });
  await ensureQueue(jobs, BILLING_PARTNER_QUEUE, { policy: 'exclusive', retryLimit: 5, retryDelay: 60, retryBackoff: true });
  await ensureQueue(jobs, BILLING_RETRY_QUEUE, { policy: 'exclusive', retryLimit: 1 });
  await jobs.work<{ period?: string }>(BILLING_MONTH_QUEUE, async (batch) => {
    for (const job of batch) await fanOutMonth(jobs, services, job.data?.period);
  });
  await jobs.work<PartnerBillingJob>(BILLING_PARTNER_QUEUE, { localConcurrency: 2 }, async (batch) => {
    for (const job of batch) await billPartner(services, job.data);
  });
  await jobs.work(BILLING_RETRY_QUEUE, async () => {
    await retryDueInvoices(billingDeps(services));
  });
  await jobs.schedule(BILLING_MONTH_QUEUE, BILLING_MONTH_CRON, {}, { tz: 'UTC', missed: 'once' });
  await jobs.schedule(BILLING_RETRY_QUEUE, BILLING_RETRY_CRON, {}, { tz: 'UTC', missed: 'once' });
}

/** Queues a job per partner to bill for the period (the previous month by default). Returns how many. */
export async function fanOutMonth(jobs: Pick<JobQueue, 'insert'>, services: Services, period?: string): Promise<number> {
  const target = period ?? previousPeriod(services.clock.now());
  const partners = await partnersActiveIn(services.db, parsePeriod(target));
  if (partners.length === 0) return 0;
  await jobs.insert(
    BILLING_PARTNER_QUEUE,
    partners.map((partnerId) => ({ data: { period: target, partnerId }, singletonKey: `${target}:${partnerId}` })),
  );
  services.logger.info('billing run queued', { period: target, partners: partners.length });
  return partners.length;
}

/** One partner's month: invoice, number, auto-pay. Throws (so the job is retried) only on unexpected errors. */
export async function billPartner(services: Services, job: PartnerBillingJob): Promise<void> {
  const result = await runBilling(billingDeps(services), { period: job.period, partnerIds: [job.partnerId] });
  if (!result.ok) {
    services.logger.error('billing job refused', { ...job, errors: result.errors });
    return;
  }
  services.logger.info('partner billed', { ...job, charges: result.value.charges });
}

let attachmentsRegistered = false;

/** Lets the outbox worker attach invoice PDFs ({ invoiceId } attachments), rendered at send time. */
export function registerInvoiceAttachments(): void {
  if (attachmentsRegistered) return;
  attachmentsRegistered = true;
  registerAttachmentRenderer(async (db, ref) => {
    if (ref.invoiceId === undefined) return null;
    const content = await renderInvoiceAttachment(db, ref.invoiceId);
    return content ? { filename: ref.filename, contentType: 'application/pdf', content } : null;
  });
}
