import type { InvoiceDocument } from './invoice-pdf.ts';

/** Who issues the invoices, as printed at the top of each one. */
export const INVOICE_VENDOR: InvoiceDocument['vendor'] = {
  name: 'Leaseboard Licensing LLC',
  addressLines: ['100 Main Street', 'Springfield, IL 62701', 'United States'],
};
