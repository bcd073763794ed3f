import { describe, expect, it } from 'vitest';
import { pdfPageTexts, pdfText } from '../../test/pdf-text.ts';
import { type InvoiceDocument, type InvoiceDocumentLine, renderInvoicePdf } from './invoice-pdf.ts';

function leaseLines(leaseId: number, index: number): InvoiceDocumentLine[] {
  const customerEmail = `customer${index}@example.com`;
  const productPrice = 10_000 + index * 125;
  return [
    {
      leaseId,
      customerEmail,
      description: 'SmarterMail Enterprise, 250 mailboxes',
      sku: 'SM-ENT-250',
      days: 31,
      divisor: 31,
      priceCents: productPrice,
      amountCents: productPrice,
      fromDate: '2025-03-01',
      toDate: '2025-03-31',
    },
    {
      leaseId,
      customerEmail,
      description: 'Antispam add-on',
      sku: 'SM-ASP-250',
      days: 10,
      divisor: 31,
      priceCents: 3_100,
      amountCents: 1_000,
      fromDate: '2025-03-22',
      toDate: '2025-03-31',
    },
    {
      leaseId,
      customerEmail,
      description: 'ActiveSync add-on',
      sku: 'SM-EAS-250',
      days: 31,
      divisor: 31,
      priceCents: 999,
      amountCents: 999,
      fromDate: '2025-03-01',
      toDate: '2025-03-31',
    },
  ];
}

/** 40 leases (ids 1001, 1008, …, 1274) with three lines each. */
function invoiceFixture(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const lines = Array.from({ length: 40 }, (_, index) => leaseLines(1001 + index * 7, index)).flat();
  return {
    vendor: { name: 'Leaseboard Licensing LLC', addressLines: ['100 Main Street', 'Springfield, IL 62701'] },
    partner: {
      company: 'Northwind Hosting',
      contactName: 'Nancy Davolio',
      billingEmail: 'billing@northwind.example',
      addressLines: ['1 Harbour Road', 'Seattle, WA 98101'],
    },
    number: 'INV-2025-000042',
    period: '2025-03',
    status: 'OPEN',
    issuedAt: new Date('2025-04-01T06:00:00Z'),
    currency: 'USD',
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
    ...overrides,
  };
}

/** 40 × (10,000 + 1,000 + 999) + 125 × (0 + 1 + … + 39) = 479,960 + 97,500 cents. */
const TOTAL = '$5,774.60';

function oneLine(overrides: Partial<InvoiceDocumentLine>): InvoiceDocumentLine {
  return { ...leaseLines(1, 0)[0]!, ...overrides };
}

describe('renderInvoicePdf', () => {
  describe('when the invoice has 120 lines across 40 leases', () => {
    it('returns a PDF showing the number, the period, the leases and the exact total', async () => {
      const invoice = invoiceFixture();
      expect(invoice.totalCents).toBe(577_460);

      const text = await pdfText(await renderInvoicePdf(invoice));

      expect(text).toContain('INV-2025-000042');
      expect(text).toContain('March 2025 (2025-03)');
      for (const leaseId of [1001, 1008, 1141, 1274]) expect(text).toContain(`Lease #${leaseId}`);
      expect(text).toContain('customer39@example.com');
      expect(text).toContain(`Total (USD) ${TOTAL}`);
      expect(text).toContain(`Amount due ${TOTAL}`);
    });

    it('returns the lines with days, divisor, monthly rate and amount', async () => {
      const text = await pdfText(await renderInvoicePdf(invoiceFixture()));
      expect(text).toContain('Antispam add-on SM-ASP-250 2025-03-22 – 2025-03-31 10 31 $31.00 $10.00');
      expect(text).toContain('Lease #1008 · customer1@example.com $121.24');
    });

    it('returns several pages, each with its page number and, above any lines, the table header', async () => {
      const pages = await pdfPageTexts(await renderInvoicePdf(invoiceFixture()));

      expect(pages.length).toBeGreaterThan(1);
      pages.forEach((page, index) => {
        if (page.includes('Lease #')) expect(page).toContain('Item SKU Service dates Days Divisor Monthly rate Amount');
        expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
        expect(page).toContain('Invoice INV-2025-000042 · 2025-03');
      });
      expect(pages.at(-1)).toContain(TOTAL);
    });
  });

  describe('when the invoice has hundreds of lines', () => {
    it('returns every lease once, the ones split across pages marked as continued', async () => {
      const lines = Array.from({ length: 100 }, (_, index) => leaseLines(index + 1, index)).flat();
      const invoice = invoiceFixture({ lines, totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0) });

      const pages = await pdfPageTexts(await renderInvoicePdf(invoice));
      const text = pages.join('\n');

      expect(pages.length).toBeGreaterThanOrEqual(8);
      for (let leaseId = 1; leaseId <= 100; leaseId += 1) {
        const headers = text.match(new RegExp(`Lease #${leaseId} ·`, 'g')) ?? [];
        const continued = text.match(new RegExp(`Lease #${leaseId} · \\S+ \\(continued\\)`, 'g')) ?? [];
        expect(headers.length - continued.length).toBe(1);
      }
      pages.slice(1).forEach((page) => expect(page).toContain('Item SKU Service dates'));
    });
  });

  describe('when the invoice is a draft', () => {
    it('returns DRAFT in place of the number', async () => {
      const text = await pdfText(
        await renderInvoicePdf(invoiceFixture({ number: null, status: 'DRAFT', issuedAt: null })),
      );
      expect(text).toContain('Invoice no. DRAFT');
      expect(text).toContain('Not yet issued');
      expect(text).toContain('Draft: not yet issued');
      expect(text).not.toContain('INV-');
    });
  });

  describe('when the invoice is paid', () => {
    it('returns the payment date and nothing due', async () => {
      const paid = invoiceFixture({ status: 'PAID', paidAt: new Date('2025-04-03T10:00:00Z') });
      const text = await pdfText(await renderInvoicePdf(paid));
      expect(text).toContain(`Paid 2025-04-03 ${TOTAL}`);
      expect(text).toContain('Amount due $0.00');
    });
  });

  describe('when the same invoice is rendered twice', () => {
    it('returns identical bytes', async () => {
      const first = await renderInvoicePdf(invoiceFixture());
      const second = await renderInvoicePdf(invoiceFixture());
      expect(first.equals(second)).toBe(true);
    });

    it('returns identical bytes for a draft as well', async () => {
      const draft = () => invoiceFixture({ number: null, status: 'DRAFT', issuedAt: null });
      expect((await renderInvoicePdf(draft())).equals(await renderInvoicePdf(draft()))).toBe(true);
    });
  });

  describe('when lines of one lease are not next to each other', () => {
    it('returns them under a single lease header', async () => {
      const lines = [
        oneLine({ leaseId: 5, description: 'Product five' }),
        oneLine({ leaseId: 6, description: 'Product six' }),
        oneLine({ leaseId: 5, description: 'Add-on five' }),
      ];
      const text = await pdfText(await renderInvoicePdf(invoiceFixture({ lines, totalCents: 30_000 })));
      expect(text.match(/Lease #5 /g)).toHaveLength(1);
      expect(text.indexOf('Add-on five')).toBeLessThan(text.indexOf('Lease #6'));
    });
  });

  describe('when a line lost its lease', () => {
    it('returns it under a removed-lease header with the customer', async () => {
      const lines = [oneLine({ leaseId: null, customerEmail: 'gone@example.com' })];
      const text = await pdfText(await renderInvoicePdf(invoiceFixture({ lines, totalCents: 10_000 })));
      expect(text).toContain('Removed lease · gone@example.com');
    });
  });

  describe('when there are no lines', () => {
    it('returns a note instead of an empty table', async () => {
      const text = await pdfText(await renderInvoicePdf(invoiceFixture({ lines: [], totalCents: 0 })));
      expect(text).toContain('No charges in this period.');
      expect(text).toContain('Total (USD) $0.00');
    });
  });

  describe('when an item name or SKU does not fit its column', () => {
    it('returns it whole, wrapped at spaces and hyphens onto more lines', async () => {
      const description = 'SmarterMail Professional Unlimited mailboxes with every add-on the catalog offers';
      const sku = 'SM-AO-ZEROHOUR-UNLIMITED';
      const text = await pdfText(await renderInvoicePdf(invoiceFixture({ lines: [oneLine({ description, sku }), oneLine({ description: 'Short', sku: 'SM-1' })] })));
      const words = text.split(/\s+/);
      for (const word of description.split(' ')) expect(words).toContain(word);
      expect(text).not.toContain('…');
      expect(text).toContain('SM-AO-\nZEROHOUR-\nUNLIMITED');
      expect(text).toContain('Short');
    });
  });

  describe('when a name has characters outside the built-in fonts', () => {
    it('returns accents stripped where that suffices and question marks otherwise', async () => {
      const partner = { ...invoiceFixture().partner, company: 'Łódź Hosting 東京' };
      const text = await pdfText(await renderInvoicePdf(invoiceFixture({ partner })));
      expect(text).toContain('?ódz Hosting ??');
    });
  });
});
