import type { Tx } from '../tx.ts';
import { emitWebhookEvents } from '../webhooks/emit-event.ts';
import { globalId } from '../webhooks/event-data.ts';

export type InvoiceEventType = 'invoice.created' | 'invoice.finalized' | 'invoice.paid' | 'invoice.payment_failed' | 'invoice.past_due';

/** The failed charge an `invoice.payment_failed` event is about. */
export interface FailedPayment {
  attemptNumber: number;
  amountCents: number;
  declineCode: string;
  hardDecline: boolean;
}

/**
 * One event per invoice, in the transaction that changed them, each with the invoice as the GraphQL
 * `Invoice` type returns its scalar fields (read after the change) and, for a failed payment, the attempt.
 * One invoice's events reach each endpoint in order. A batch costs the same few statements as one invoice.
 */
export async function emitInvoiceEvents(tx: Tx, type: InvoiceEventType, invoiceIds: readonly number[], at: Date, failed?: FailedPayment): Promise<void> {
  if (invoiceIds.length === 0) return;
  const invoices = await tx.invoice.findMany({ where: { id: { in: [...invoiceIds] } }, orderBy: { id: 'asc' } });
  await emitWebhookEvents(
    tx,
    invoices.map((invoice) => ({
      partnerId: invoice.partnerId,
      type,
      orderingKey: `invoice:${invoice.id}`,
      invoiceId: invoice.id,
      data: { invoice: invoiceEventData(invoice), ...(failed ? { paymentAttempt: failed } : {}) },
    })),
    at,
  );
}

interface InvoiceRow {
  id: number;
  number: string | null;
  period: string;
  periodStart: Date;
  periodEnd: Date;
  status: string;
  currency: string;
  subtotalCents: number;
  totalCents: number;
  finalizedAt: Date | null;
  paidAt: Date | null;
  nextRetryAt: Date | null;
  createdAt: Date;
}

export function invoiceEventData(invoice: InvoiceRow) {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    id: globalId('Invoice', invoice.id),
    number: invoice.number,
    period: invoice.period,
    periodStart: invoice.periodStart.toISOString(),
    periodEnd: invoice.periodEnd.toISOString(),
    status: invoice.status,
    currency: invoice.currency,
    subtotalCents: invoice.subtotalCents,
    totalCents: invoice.totalCents,
    finalizedAt: iso(invoice.finalizedAt),
    paidAt: iso(invoice.paidAt),
    nextRetryAt: iso(invoice.nextRetryAt),
    createdAt: invoice.createdAt.toISOString(),
  };
}
