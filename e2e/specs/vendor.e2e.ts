import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { gql } from '../support/gql.ts';
import { seedLease, seedViewer } from '../support/leases.ts';
import { productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { screenshot } from '../support/artifacts.ts';
import { settled } from '../support/settle.ts';
import { startServer, type TestServer } from '../support/server.ts';

// Vendor staff telling partners apart: Partner columns and filters on leases and invoices, the partner page,
// and pagers that say where you are.
let server: TestServer;
let browser: Browser;
let vendor: OpenPage;
const partners: { id: number; gid: string; company: string }[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const catalog = await seedCatalogOnce(server.db);
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 3, 9));
  // Northwind has 27 leases (more than a page), Contoso 2.
  for (const [company, leases] of [['Northwind Hosting', 27], ['Contoso Cloud', 2]] as const) {
    const partner = await seedPartner(server.db, company);
    partners.push({ id: partner.id, gid: Buffer.from(`Partner:${partner.id}`).toString('base64'), company });
    const slug = company.split(' ')[0]!.toLowerCase();
    const owner = await seedUser(server.db, partner.id, 'OWNER', `owner@${slug}.test`, `${company} Owner`);
    for (let i = 0; i < leases; i++) {
      await seedLease(server.db, seedViewer(owner), { productId: productBySku(catalog, 'SM-PRO-250').id, email: `c${i}@${slug}.example`, at: lastMonth });
    }
  }
  await seedUser(server.db, null, 'ADMIN', 'admin@leaseboard.test', 'Vendor Admin');
  const token = await sessionToken(server.url, 'admin@leaseboard.test');
  const run = await gql<{ runBilling: { userErrors: unknown[] } }>(server.url, 'mutation($i: RunBillingInput!) { runBilling(input: $i) { userErrors { code } } }', { i: { period: lastMonth.toISOString().slice(0, 7) } }, { cookie: `lb_session=${token}` });
  expect(run.data.runBilling.userErrors).toEqual([]);
  vendor = await openPage(browser, server.url, token, { width: 1440, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Vendor staff', () => {
  describe('on Leases', () => {
    it('see a Partner column, can narrow the list to one partner, and the pager says where they are', async () => {
      const { page } = vendor;
      await page.goto('/leases');
      await settled(page);
      const table = page.getByRole('table', { name: 'Leases' });
      await table.getByRole('columnheader', { name: 'Partner' }).waitFor();
      expect(await table.getByRole('cell', { name: 'Contoso Cloud' }).count()).toBe(2);
      await page.getByRole('navigation', { name: 'Leases pages' }).getByText('1–25 of 29').waitFor();

      await page.getByLabel('Partner').selectOption({ label: 'Contoso Cloud' });
      await page.waitForURL(/partner=/);
      await settled(page);
      await expect.poll(() => table.getByRole('cell', { name: 'Northwind Hosting' }).count()).toBe(0);
      expect(await table.getByRole('cell', { name: 'Contoso Cloud' }).count()).toBe(2);
      await page.getByRole('navigation', { name: 'Leases pages' }).getByText('1–2 of 2').waitFor();

      await page.getByLabel('Partner').selectOption({ label: 'Northwind Hosting' });
      await page.getByRole('navigation', { name: 'Leases pages' }).getByText('1–25 of 27').waitFor();
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByRole('navigation', { name: 'Leases pages' }).getByText('26–27 of 27').waitFor();
      await page.getByRole('button', { name: 'Previous page' }).click();
      await page.getByRole('navigation', { name: 'Leases pages' }).getByText('1–25 of 27').waitFor();
    });

    it('fit 20 or more single-line rows above the fold at 1440 × 900', async () => {
      const { page } = vendor;
      await page.goto('/leases');
      await settled(page);
      const rows = await page.getByRole('table', { name: 'Leases' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect()).map((r) => ({ bottom: r.bottom, height: r.height })));
      await screenshot(page, 'vendor-leases-fold-1440');
      expect(rows.filter((r) => r.bottom <= 900).length).toBeGreaterThanOrEqual(20);
      // One line each: every row as tall as the first.
      expect(new Set(rows.map((r) => Math.round(r.height))).size).toBe(1);
      // The layout uses the width: the table reaches beyond 1,300 px.
      const right = await page.getByRole('table', { name: 'Leases' }).evaluate((t) => t.getBoundingClientRect().right);
      expect(right).toBeGreaterThan(1300);
    });
  });

  describe('on Invoices', () => {
    it("see whose invoice each is, and one partner's alone", async () => {
      const { page } = vendor;
      await page.goto('/invoices');
      await settled(page);
      const table = page.getByRole('table', { name: 'Invoices', exact: true });
      await table.getByRole('columnheader', { name: 'Partner' }).waitFor();
      expect(await table.getByRole('link', { name: 'Northwind Hosting' }).count()).toBe(1);
      expect(await table.getByRole('link', { name: 'Contoso Cloud' }).count()).toBe(1);
      await page.getByLabel('Partner').selectOption({ label: 'Contoso Cloud' });
      await expect.poll(() => table.getByRole('link', { name: 'Northwind Hosting' }).count()).toBe(0);
      expect(await table.getByRole('link', { name: 'Contoso Cloud' }).count()).toBe(1);
    });
  });

  describe('on Catalog and prices', () => {
    it('say why a past date cannot be used, and outline the field', async () => {
      const { page } = vendor;
      await page.goto('/vendor/catalog');
      await settled(page);
      await page.getByRole('button', { name: 'Schedule a price for SmarterMail Professional 250 mailboxes' }).click();
      const dialog = page.getByRole('dialog', { name: 'Schedule a price' });
      await dialog.getByLabel(/New monthly price/).fill('12.50');
      const from = dialog.getByLabel(/In force from/);
      await from.fill('2020-01-01');
      await dialog.getByText(/prices are never back-dated, and today's charges are already running/).waitFor();
      expect(await from.getAttribute('aria-invalid')).toBe('true');
      const outline = await from.evaluate((el) => getComputedStyle(el).borderTopColor);
      expect(outline).toBe('rgb(180, 35, 24)');
      expect(await dialog.getByRole('button', { name: 'Schedule price' }).isDisabled()).toBe(true);
      await page.keyboard.press('Escape');
    });
  });

  describe('on Partners', () => {
    it('open a partner: contact, status, users, leases, invoices and spend', async () => {
      const { page } = vendor;
      await page.goto('/vendor/partners');
      await settled(page);
      await page.getByRole('link', { name: 'Contoso Cloud' }).click();
      await page.waitForURL(/\/vendor\/partners\/.+/);
      await settled(page);
      await page.getByRole('heading', { name: /Contoso Cloud/ }).waitFor();
      await page.getByText('nancy@contoso-cloud.test').waitFor();
      await page.getByText('Active', { exact: true }).first().waitFor();
      await page.getByRole('table', { name: 'Users of Contoso Cloud' }).getByText('owner@contoso.test').waitFor();
      expect(await page.getByRole('table', { name: 'Leases' }).locator('tbody tr').count()).toBe(2);
      const invoice = await server.db.invoice.findFirstOrThrow({ where: { partnerId: partners[1]!.id } });
      expect(await page.getByRole('table', { name: 'Invoices' }).locator('tbody tr').count()).toBe(1);
      const spend = `$${(invoice.totalCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
      await page.getByRole('region', { name: 'Spend' }).getByText(spend).waitFor();
      expect(vendor.pageErrors).toEqual([]);
    });

    it('suspend a partner with a reason (audited) and reactivate it', async () => {
      const { page } = vendor;
      const contoso = partners[1]!;
      await page.getByRole('button', { name: 'Suspend…' }).click();
      const ask = page.getByRole('form', { name: 'Suspend Contoso Cloud' });
      await ask.getByLabel('Reason (for the audit log)').fill('Card declined three times');
      await ask.getByRole('button', { name: 'Suspend partner' }).click();
      await page.getByRole('status').getByText('Contoso Cloud is suspended').waitFor();
      await page.getByRole('heading', { name: /Contoso Cloud/ }).getByText('Suspended').waitFor();
      expect((await server.db.partner.findUniqueOrThrow({ where: { id: contoso.id } })).status).toBe('SUSPENDED');
      const audit = await server.db.auditLog.findFirstOrThrow({ where: { partnerId: contoso.id, action: 'partner.suspend' } });
      expect(audit.after).toMatchObject({ reason: 'Card declined three times' });

      await page.getByRole('button', { name: 'Reactivate…' }).click();
      await page.getByRole('button', { name: 'Reactivate partner' }).click();
      await page.getByRole('status').getByText('Contoso Cloud is active again.').waitFor();
      expect((await server.db.partner.findUniqueOrThrow({ where: { id: contoso.id } })).status).toBe('ACTIVE');
      expect(vendor.pageErrors).toEqual([]);
    });
  });
});
