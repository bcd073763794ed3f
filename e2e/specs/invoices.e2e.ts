import { readFile } from 'node:fs/promises';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { InvoiceModel as Invoice } from '@leaseboard/db';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { gql } from '../support/gql.ts';
import { seedLease, seedViewer } from '../support/leases.ts';
import { addOnByCode, productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let owner: OpenPage;
let invoice: Invoice;

/** "YYYY-MM" of last month and an instant inside it. */
function lastMonth(): { period: string; during: Date } {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return { period: start.toISOString().slice(0, 7), during: new Date(start.getTime() + 4 * 86_400_000 + 3_600_000) };
}

function usd(cents: number): string {
  return `$${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  const ownerUser = await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test');
  await seedUser(server.db, null, 'ADMIN', 'admin@leaseboard.test');
  // Two leases started on the 5th of last month, so last month's invoice prorates them.
  const { period, during } = lastMonth();
  const as = seedViewer(ownerUser);
  await seedLease(server.db, as, { productId: productBySku(catalog, 'SM-ENT-500').id, addOnIds: [addOnByCode(catalog, 'ACTIVESYNC').id], email: 'alice@contoso.example', at: during });
  await seedLease(server.db, as, { productId: productBySku(catalog, 'ST-PRO-25').id, email: 'bob@fabrikam.example', at: during });
  // Vendor staff bill last month through the API, as the scheduled run would on the 1st.
  const admin = await sessionToken(server.url, 'admin@leaseboard.test');
  const run = await gql<{ runBilling: { userErrors: { code: string }[] } }>(
    server.url,
    'mutation($input: RunBillingInput!) { runBilling(input: $input) { userErrors { code } } }',
    { input: { period } },
    { cookie: `lb_session=${admin}` },
  );
  expect(run.data.runBilling.userErrors).toEqual([]);
  invoice = await server.db.invoice.findFirstOrThrow({ where: { partnerId: partner.id, period } });
  expect(invoice.number).toMatch(/^INV-\d{4}-\d{6}$/);
  expect(invoice.totalCents).toBeGreaterThan(0);
  owner = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Invoices page', () => {
  it('shows unpaid invoices first, under a banner, while anything is open or past due', async () => {
    const { page } = owner;
    await page.goto('/invoices');
    await page.getByRole('status').getByText(`${usd(invoice.totalCents)} is open or past due`).waitFor();
    const unpaid = page.getByRole('table', { name: 'Unpaid invoices' });
    await unpaid.getByRole('link', { name: invoice.number! }).waitFor();
    // The unpaid table comes before the list of all invoices.
    const [unpaidTop, allTop] = await Promise.all([unpaid.boundingBox(), page.getByRole('table', { name: 'Invoices', exact: true }).boundingBox()]);
    expect(unpaidTop!.y).toBeLessThan(allTop!.y);
  });

  it('lists the invoice and shows its lines grouped by lease', async () => {
    const { page } = owner;
    await page.goto('/invoices');
    // An open invoice is listed twice: first under Unpaid, then among all invoices.
    await page.getByRole('table', { name: 'Unpaid invoices' }).getByRole('link', { name: invoice.number! }).click();
    await page.getByRole('heading', { name: invoice.number! }).waitFor();
    expect(await page.getByText(`Invoice total: ${usd(invoice.totalCents)}`).count()).toBe(1);
    expect(await page.getByRole('heading', { name: /^Lease \d+ · alice@contoso\.example$/ }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: /^Lease \d+ · bob@fabrikam\.example$/ }).count()).toBe(1);
    expect(await page.getByRole('cell', { name: 'SM-AO-ACTIVESYNC' }).count()).toBe(1);
  });

  it('downloads the PDF, whose total is the invoice total', async () => {
    const { page } = owner;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`${invoice.number}.pdf`);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const document = await getDocumentProxy(new Uint8Array(pdf));
    const { text } = await extractText(document, { mergePages: true });
    expect(text).toContain(invoice.number);
    expect(text).toMatch(new RegExp(`Total \\(USD\\)\\s*${usd(invoice.totalCents).replace(/[$.]/g, '\\$&')}`));
  });

  it('emails the invoice with the PDF attached', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Email the invoice' }).click();
    const dialog = page.getByRole('dialog', { name: `Email ${invoice.number}` });
    await dialog.getByLabel('Send to').fill('ap@northwind.example');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.getByText('on its way to ap@northwind.example').waitFor();
    // emailInvoice queues the mail without asking for a delivery run, so it goes with the per-minute outbox sweep.
    const mail = await server.smtp.waitFor((m) => m.envelope.to.includes('ap@northwind.example'), 75_000);
    expect(mail.attachments.map((a) => a.contentType)).toContain('application/pdf');
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('Pay now needs a card; adding one on the Account page pays the invoice', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.getByRole('button', { name: `Pay ${usd(invoice.totalCents)}` }).click();
    await page.getByRole('alert').filter({ hasText: /card/i }).waitFor();
    expect((await server.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe('OPEN');
    await page.getByRole('link', { name: 'Update the card on file' }).click();
    await page.getByRole('heading', { name: 'Card on file' }).waitFor();
    // Before saving, the page says which invoice the card will be charged for, and how much.
    const warning = page.getByRole('note', { name: 'Invoices charged on saving' });
    await warning.getByText(`${invoice.number} (open): ${usd(invoice.totalCents)}`).waitFor();
    expect(await warning.textContent()).toContain(`${usd(invoice.totalCents)} in all`);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM/YY)').fill(`12/${(new Date().getUTCFullYear() + 3) % 100}`);
    await page.getByLabel('Security code').fill('123');
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.getByText('Visa •••• 4242').waitFor();
    await expect.poll(async () => (await server.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status, { timeout: 30_000 }).toBe('PAID');
    // And afterwards, what the charge did.
    await page.getByRole('status').getByText(`${invoice.number}, ${usd(invoice.totalCents)}: charged and paid`).waitFor();
    expect(owner.pageErrors).toEqual([]);
  });
});

describe('An invoice with more than 50 leases', () => {
  it('shows 50 leases, then 50 more at a time from the server, until all are shown', async () => {
    const partner = await server.db.partner.findFirstOrThrow({ where: { company: 'Northwind Hosting' } });
    const big = await server.db.invoice.create({
      data: { partnerId: partner.id, period: '2020-01', periodStart: new Date('2020-01-01T00:00:00Z'), periodEnd: new Date('2020-02-01T00:00:00Z'), status: 'PAID', number: 'INV-2020-000900', subtotalCents: 120_000, totalCents: 120_000, paidAt: new Date('2020-02-01T00:00:00Z') },
    });
    // 120 lines of leases deleted since: one group each.
    await server.db.invoiceLine.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        invoiceId: big.id, leaseId: null, kind: 'PRODUCT' as const, customerEmail: `gone-${String(i).padStart(3, '0')}@example.test`, description: 'SmarterMail Professional 250 mailboxes',
        sku: 'SM-PRO-250', priceCents: 1_000, days: 31, divisor: 31, fromDate: new Date('2020-01-01'), toDate: new Date('2020-01-31'), amountCents: 1_000,
      })),
    });
    const { page, context, pageErrors } = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'), { width: 1440, height: 900 });
    await page.goto(`/invoices/${Buffer.from(`Invoice:${big.id}`).toString('base64')}`);
    await page.getByRole('heading', { name: 'INV-2020-000900' }).waitFor();
    const groups = page.getByRole('heading', { name: /^Deleted lease · gone-\d+@example\.test$/ });
    await page.getByText('50 of 120 leases shown.').waitFor();
    expect(await groups.count()).toBe(50);
    await page.getByRole('button', { name: 'Show 50 more leases' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'artifacts/invoice-many-leases-1440.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Show 50 more leases' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'artifacts/invoice-many-leases-390.png' });
    await page.getByRole('button', { name: 'Show 50 more leases' }).click();
    await page.getByText('100 of 120 leases shown.').waitFor();
    await page.getByRole('button', { name: 'Show 20 more leases' }).click();
    await page.getByRole('heading', { name: 'Deleted lease · gone-119@example.test' }).waitFor();
    expect(await groups.count()).toBe(120);
    expect(await page.getByRole('button', { name: /more leases/ }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
