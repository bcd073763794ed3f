import type { BillingDeps } from './billing-deps.ts';
import { chargeInvoice, type ChargeReport } from './charge-invoice.ts';
import { mapLimit } from './map-limit.ts';

/**
 * The sweep, and a partner's own payment requests, leave a PENDING attempt younger than this to the
 * request that began it (a card payment in a live request completes within a second or two): a second
 * request is answered PAYMENT_IN_PROGRESS at once instead of waiting on the gateway's IN_PROGRESS.
 * Resuming sooner would still charge once. billing:run resumes its period's attempts without a grace.
 */
export const SWEEP_RESUME_GRACE_MS = 30_000;

/**
 * The retry sweep: charges every OPEN invoice whose next retry is due, and resumes attempts left
 * PENDING (older than SWEEP_RESUME_GRACE_MS) by a process that died, with their original idempotency key.
 * Safe to run in several processes at once: each invoice is re-checked under its row lock before
 * anything is charged, and a resumed attempt charges under its own key.
 */
export async function retryDueInvoices(deps: BillingDeps, options: { concurrency?: number } = {}): Promise<ChargeReport[]> {
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - SWEEP_RESUME_GRACE_MS);
  const due = await deps.db.invoice.findMany({
    where: {
      OR: [
        { status: 'OPEN', nextRetryAt: { lte: now } },
        { status: { in: ['OPEN', 'PAST_DUE'] }, attempts: { some: { status: 'PENDING', createdAt: { lte: staleBefore } } } },
      ],
    },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return mapLimit(due, options.concurrency ?? 4, (invoice) => chargeInvoice(deps, invoice.id, { trigger: 'retry', resumeGraceMs: SWEEP_RESUME_GRACE_MS }));
}

/** Charges the partner's OPEN and PAST_DUE invoices now, oldest first: what a new card on file sets off. */
export async function retryUnpaidInvoices(deps: BillingDeps, partnerId: number): Promise<ChargeReport[]> {
  const unpaid = await deps.db.invoice.findMany({
    where: { partnerId, status: { in: ['OPEN', 'PAST_DUE'] } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const reports: ChargeReport[] = [];
  for (const invoice of unpaid) reports.push(await chargeInvoice(deps, invoice.id, { trigger: 'card-updated', partnerId, resumeGraceMs: SWEEP_RESUME_GRACE_MS }));
  return reports;
}
