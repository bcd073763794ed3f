import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { screenshot } from '../support/artifacts.ts';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { seedLease, seedStop, seedViewer } from '../support/leases.ts';
import { productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let analyst: OpenPage;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  const owner = await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test');
  await seedUser(server.db, partner.id, 'ANALYST', 'analyst@northwind.test');
  const as = seedViewer(owner);
  const mail = productBySku(catalog, 'SM-PRO-250').id;
  const track = productBySku(catalog, 'ST-ENT-10').id;
  await seedLease(server.db, as, { productId: mail, email: 'alice@contoso.example' });
  await seedLease(server.db, as, { productId: track, email: 'alice@contoso.example' });
  await seedLease(server.db, as, { productId: mail, email: 'bob@fabrikam.example' });
  // Carol leased once and stopped: a past customer.
  await seedStop(server.db, as, await seedLease(server.db, as, { productId: mail, email: 'carol@tailspin.example' }));
  analyst = await openPage(browser, server.url, await sessionToken(server.url, 'analyst@northwind.test'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function downloadCsv(choice: RegExp): Promise<Record<string, string>[]> {
  const { page } = analyst;
  await page.getByRole('radio', { name: choice }).check();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const text = await readFile(await download.path(), 'utf8');
  return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

describe('Customers page', () => {
  it('lists every customer with their leases', async () => {
    const { page } = analyst;
    await page.goto('/customers');
    const table = page.getByRole('table', { name: 'Customers' });
    await table.waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    await page.getByRole('button', { name: 'Show the 2 leases of alice@contoso.example' }).click();
    const leases = page.getByRole('table', { name: 'Leases of alice@contoso.example' });
    await leases.waitFor();
    expect(await leases.getByRole('cell', { name: 'SmarterTrack Enterprise 10 agents' }).count()).toBe(1);
    expect(await leases.getByRole('cell', { name: 'SmarterMail Professional 250 mailboxes' }).count()).toBe(1);
  });

  it('filters to current customers', async () => {
    const { page } = analyst;
    await page.getByRole('button', { name: 'Hide the 2 leases of alice@contoso.example' }).click();
    await page.getByLabel('Status').selectOption('current');
    await expect.poll(() => page.getByRole('table', { name: 'Customers' }).getByRole('row').count()).toBe(3);
    expect(await page.getByRole('cell', { name: 'carol@tailspin.example' }).count()).toBe(0);
  });

  it('downloads only the current customers as CSV', async () => {
    const rows = await downloadCsv(/Only current customers/);
    expect(rows.map((r) => r.email).sort()).toEqual(['alice@contoso.example', 'bob@fabrikam.example']);
    const alice = rows.find((r) => r.email === 'alice@contoso.example')!;
    expect(alice.active_leases).toBe('2');
    expect(alice.monthly_amount_cents).toBe(String(1000 + 3200));
  });

  it('downloads all customers, past ones included, as CSV', async () => {
    const rows = await downloadCsv(/All customers/);
    expect(rows.map((r) => r.email).sort()).toEqual(['alice@contoso.example', 'bob@fabrikam.example', 'carol@tailspin.example']);
    expect(rows.find((r) => r.email === 'carol@tailspin.example')!.active_leases).toBe('0');
    expect(analyst.pageErrors).toEqual([]);
  });

  it("shows a stopped lease without a monthly price, and links each lease to its page", async () => {
    const { page } = analyst;
    await page.goto('/customers');
    await page.getByRole('button', { name: 'Show the 1 lease of carol@tailspin.example' }).click();
    const leases = page.getByRole('table', { name: 'Leases of carol@tailspin.example' });
    await leases.waitFor();
    const row = leases.getByRole('row').nth(1);
    expect(await row.getByRole('cell').last().innerText()).toBe('—');
    await screenshot(page, 'customers-stopped-lease');
    await row.getByRole('link').click();
    await page.waitForURL(/\/leases\/\d+$/);
    expect(analyst.pageErrors).toEqual([]);
  });
});
