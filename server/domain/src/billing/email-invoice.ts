import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { enqueueMail } from '../outbox/enqueue-mail.ts';
import { DELIVER_OUTBOX } from '../after-commit.ts';
import { fail, ok, type Result } from '../result.ts';
import type { Db } from '@leaseboard/db';
import type { BillingErrorCode } from './billing-errors.ts';
import { formatCents } from './money.ts';

export interface EmailInvoiceInput {
  invoiceId: number;
  to: string[];
}

/** Queues the invoice PDF by mail to the given addresses; the PDF is rendered when the mail is sent. */
export async function emailInvoice(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: EmailInvoiceInput,
): Promise<Result<{ invoiceId: number; outboxMessageId: number }, BillingErrorCode>> {
  const invoice = await db.invoice.findFirst({
    where: { id: input.invoiceId, partnerId },
    select: { id: true, number: true, period: true, totalCents: true, status: true, partner: { select: { company: true } } },
  });
  if (!invoice) return fail('INVOICE_NOT_FOUND', 'No such invoice.', ['invoiceId']);
  if (!invoice.number) return fail('INVOICE_NOT_FINALIZED', 'A draft invoice cannot be sent yet.', ['invoiceId']);
  const number = invoice.number;
  const to: string[] = [];
  for (const email of input.to.map((address) => address.trim())) {
    if (!to.some((kept) => kept.toLowerCase() === email.toLowerCase())) to.push(email);
  }
  const outboxMessageId = await db.$transaction(async (tx) => {
    const id = await enqueueMail(
      tx,
      {
        partnerId,
        kind: 'invoice',
        to,
        subject: `Invoice ${number} for ${invoice.period}`,
        text: [
          'Hello,',
          '',
          `Attached is invoice ${number} of ${invoice.partner.company} for ${invoice.period}: ${formatCents(invoice.totalCents)}.`,
        ].join('\n'),
        attachments: [{ filename: `${number}.pdf`, contentType: 'application/pdf', invoiceId: invoice.id }],
      },
      meta.at,
    );
    await recordAudit(tx, meta, { partnerId, action: 'billing.invoice.email', targetType: 'Invoice', targetId: invoice.id, after: { to } });
    return id;
  });
  return ok({ invoiceId: invoice.id, outboxMessageId }, [DELIVER_OUTBOX]);
}
