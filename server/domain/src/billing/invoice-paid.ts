import type { Prisma } from '@leaseboard/db';
import type { Tx } from '../tx.ts';
import type { WebhookEventType } from '../webhooks/event-types.ts';
import { emitInvoiceEvents } from './invoice-events.ts';
import { formatCents } from './money.ts';
import { uniqueRecipients } from './past-due-mail.ts';

export const INVOICE_PAID_EVENT = 'invoice.paid' satisfies WebhookEventType;

/**
 * What follows an invoice becoming PAID, written in the transaction that marks it so: the receipt mail to
 * the billing contacts with the invoice PDF (rendered when the outbox sends it), and an `invoice.paid`
 * delivery to each of the partner's active webhook endpoints that wants it. Every path to PAID goes
 * through a status change guarded by the invoice's row lock or a `status <> 'PAID'` condition, and calls
 * this only for the invoices it changed, so the effects happen once per invoice however the payment
 * finished: in the run, on a re-run, in the retry sweep or by reconciliation. A few statements per batch.
 */
export async function recordInvoicesPaid(tx: Tx, invoiceIds: readonly number[], at: Date): Promise<void> {
  if (invoiceIds.length === 0) return;
  const invoices = await tx.invoice.findMany({
    where: { id: { in: [...invoiceIds] } },
    orderBy: { id: 'asc' },
    select: { id: true, partnerId: true, number: true, period: true, totalCents: true, currency: true, paidAt: true },
  });
  const partnerIds = [...new Set(invoices.map((invoice) => invoice.partnerId))];
  const partners = await tx.partner.findMany({
    where: { id: { in: partnerIds } },
    select: { id: true, billingEmail: true, contacts: { where: { kind: 'BILLING' }, select: { email: true }, orderBy: { id: 'asc' } } },
  });
  const recipients = new Map(partners.map((partner) => [partner.id, uniqueRecipients(partner)]));
  await tx.outboxMessage.createMany({
    data: invoices.map((invoice) => {
      const number = invoice.number ?? `for ${invoice.period}`;
      return {
        partnerId: invoice.partnerId,
        kind: 'invoice-paid',
        to: recipients.get(invoice.partnerId) ?? [],
        subject: `Invoice ${number} is paid`,
        text: [
          'Hello,',
          '',
          invoice.totalCents > 0
            ? `We collected ${formatCents(invoice.totalCents)} for invoice ${number} (${invoice.period}) with the card on file. Thank you.`
            : `Invoice ${number} (${invoice.period}) comes to ${formatCents(0)}: nothing was charged.`,
          '',
          'The invoice is attached.',
        ].join('\n'),
        attachments: (invoice.number
          ? [{ filename: `${invoice.number}.pdf`, contentType: 'application/pdf', invoiceId: invoice.id }]
          : []) as Prisma.InputJsonValue,
        nextAttemptAt: at,
        createdAt: at,
      };
    }),
  });

  await emitInvoiceEvents(tx, INVOICE_PAID_EVENT, invoiceIds, at);
}
