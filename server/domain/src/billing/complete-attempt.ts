import type { Db } from '@leaseboard/db';
import { CHARGE_TX } from './billing-deps.ts';
import type { StartedAttempt } from './begin-attempt.ts';
import { isScheduledTrigger, nextDunningStep } from './dunning.rules.ts';
import { recordInvoicesPaid } from './invoice-paid.ts';
import type { Tx } from '../tx.ts';
import { emitInvoiceEvents } from './invoice-events.ts';
import { enqueuePastDueMail, type PastDueInvoice } from './past-due-mail.ts';

export type AttemptResult =
  | { status: 'SUCCEEDED'; gatewayRef: string }
  | { status: 'FAILED'; declineCode: string; hardDecline: boolean; message: string };

/**
 * Records the gateway's answer on the PENDING attempt and moves the invoice on: PAID on success; after a
 * failed scheduled attempt, the next retry date or PAST_DUE with a mail to the billing contacts. Becoming
 * PAID records its effects (receipt, `invoice.paid`) once; every failed attempt emits `invoice.payment_failed`
 * (and becoming PAST_DUE `invoice.past_due`). Extra
 * attempts (a card update, a manual payment) that fail leave the schedule as it was. If another process
 * completed the attempt first, nothing is changed and false is returned.
 */
export async function completeAttempt(db: Db, attempt: StartedAttempt, result: AttemptResult, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const [invoice] = await tx.$queryRaw<{ id: number; partnerId: number; status: string; number: string | null; period: string; totalCents: number }[]>`
      SELECT id, "partnerId", status::text AS status, number, period, "totalCents" FROM "Invoice" WHERE id = ${attempt.invoiceId} FOR UPDATE`;
    const completed = await tx.paymentAttempt.updateMany({
      where: { id: attempt.id, status: 'PENDING' },
      data: result.status === 'SUCCEEDED'
        ? { status: 'SUCCEEDED', gatewayRef: result.gatewayRef, completedAt: now }
        : { status: 'FAILED', declineCode: result.declineCode, hardDecline: result.hardDecline, completedAt: now },
    });
    if (completed.count === 0 || !invoice) return false;

    if (result.status === 'SUCCEEDED') {
      if (invoice.status === 'PAID') return true;
      await tx.invoice.update({ where: { id: invoice.id }, data: { status: 'PAID', paidAt: now, nextRetryAt: null } });
      await recordInvoicesPaid(tx, [invoice.id], now);
      return true;
    }
    const failedPayment = { attemptNumber: attempt.attemptNumber, amountCents: attempt.amountCents, declineCode: result.declineCode, hardDecline: result.hardDecline };
    const pastDue = isScheduledTrigger(attempt.trigger) && invoice.status === 'OPEN' && (await moveDunningOn(tx, invoice, result, now));
    await emitInvoiceEvents(tx, 'invoice.payment_failed', [invoice.id], now, failedPayment);
    if (pastDue) await emitInvoiceEvents(tx, 'invoice.past_due', [invoice.id], now);
    return true;
  }, CHARGE_TX);
}

/** After a failed scheduled attempt: the next retry date, or PAST_DUE with a mail. True when it became PAST_DUE. */
async function moveDunningOn(tx: Tx, invoice: PastDueInvoice & { id: number }, result: Extract<AttemptResult, { status: 'FAILED' }>, now: Date): Promise<boolean> {
  const failed = await tx.paymentAttempt.findMany({
    where: { invoiceId: invoice.id, status: 'FAILED', trigger: { in: ['finalize', 'retry'] } },
    orderBy: { attemptNumber: 'asc' },
    select: { createdAt: true },
  });
  const step = nextDunningStep({ firstFailedAt: failed[0]!.createdAt, failedScheduled: failed.length, hardDecline: result.hardDecline });
  if (step.kind === 'retry') {
    await tx.invoice.update({ where: { id: invoice.id }, data: { nextRetryAt: step.at } });
    return false;
  }
  await tx.invoice.update({ where: { id: invoice.id }, data: { status: 'PAST_DUE', nextRetryAt: null } });
  await enqueuePastDueMail(tx, invoice, result.message, now);
  return true;
}
