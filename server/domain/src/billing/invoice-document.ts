import type { Db } from '@leaseboard/db';
import { type InvoiceDocument, renderInvoicePdf } from './invoice-pdf.ts';
import { INVOICE_VENDOR } from './invoice-vendor.ts';

/**
 * The stored invoice as the PDF shows it: partner, number, status and its lines exactly as written when
 * it was generated (never re-priced). Null when there is no such invoice, or it belongs to another
 * partner than `partnerId` (null partnerId: vendor staff, any partner).
 */
export async function loadInvoiceDocument(db: Db, invoiceId: number, partnerId: number | null = null): Promise<InvoiceDocument | null> {
  const invoice = await db.invoice.findFirst({
    where: { id: invoiceId, ...(partnerId === null ? {} : { partnerId }) },
    include: { partner: true, lines: { orderBy: { id: 'asc' } } },
  });
  if (!invoice) return null;
  const { partner } = invoice;
  const cityLine = [partner.city, [partner.region, partner.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return {
    vendor: INVOICE_VENDOR,
    partner: {
      company: partner.company,
      contactName: partner.contactName,
      billingEmail: partner.billingEmail,
      addressLines: [partner.addressLine1, partner.addressLine2, cityLine, partner.country].filter((line): line is string => !!line),
    },
    number: invoice.number,
    period: invoice.period,
    status: invoice.status,
    issuedAt: invoice.finalizedAt,
    currency: 'USD',
    lines: invoice.lines.map((line) => ({
      leaseId: line.leaseId,
      customerEmail: line.customerEmail,
      description: line.description,
      sku: line.sku,
      days: line.days,
      divisor: line.divisor,
      priceCents: line.priceCents,
      amountCents: line.amountCents,
      fromDate: isoDay(line.fromDate),
      toDate: isoDay(line.toDate),
    })),
    totalCents: invoice.totalCents,
    paidAt: invoice.paidAt,
  };
}

/** The invoice PDF, rendered from the stored invoice, or null if it no longer exists. */
export async function renderStoredInvoicePdf(db: Db, invoiceId: number, partnerId: number | null = null): Promise<Buffer | null> {
  const document = await loadInvoiceDocument(db, invoiceId, partnerId);
  return document ? renderInvoicePdf(document) : null;
}

/**
 * For the outbox worker: the bytes of an attachment `{ filename, contentType: 'application/pdf', invoiceId }`,
 * rendered at send time from the stored invoice. Null when the invoice was deleted meanwhile.
 */
export function renderInvoiceAttachment(db: Db, invoiceId: number): Promise<Buffer | null> {
  return renderStoredInvoicePdf(db, invoiceId);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
