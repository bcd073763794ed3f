import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { screenshot } from '../support/artifacts.ts';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { seedLease, seedViewer } from '../support/leases.ts';
import { productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { settled } from '../support/settle.ts';
import { startServer, type TestServer } from '../support/server.ts';

const LEASES = 30;
let server: TestServer;
let browser: Browser;
let owner: OpenPage;

/** 30 leases this month, more than a page of 25 ("Show the 1,924 leases in this month" once showed 100 of them). */
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  const user = await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test');
  const skus = ['SM-PRO-250', 'ST-PRO-10', 'SS-PRO-50'];
  for (let i = 0; i < LEASES; i++) await seedLease(server.db, seedViewer(user), { productId: productBySku(catalog, skus[i % 3]!).id, email: `customer${i}@example.test` });
  owner = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'), { width: 1440, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("This month's billing preview", () => {
  it('pages through every lease of the month, 25 at a time, saying which ones are shown', async () => {
    const { page } = owner;
    await page.goto('/invoices');
    await settled(page);
    await page.getByText(`Show the ${LEASES} leases in this month, largest first`).click();
    const table = page.getByRole('table', { name: 'Current month by lease' });
    const pager = page.getByRole('navigation', { name: 'Leases this month pages' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(25);
    await pager.getByText('1–25 of 30').waitFor();
    const firstPage = await table.locator('tbody tr td:first-child').allTextContents();
    await screenshot(page, 'invoices-preview-paged-1440');

    await pager.getByRole('button', { name: 'Next page' }).click();
    await pager.getByText('26–30 of 30').waitFor();
    const secondPage = await table.locator('tbody tr td:first-child').allTextContents();
    expect(secondPage).toHaveLength(5);
    expect(await pager.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    // Every lease of the month, each once.
    const all = [...firstPage, ...secondPage].map(Number);
    expect(new Set(all).size).toBe(LEASES);
    expect(all.sort((a, b) => a - b)).toEqual((await server.db.lease.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((l) => l.id));

    await pager.getByRole('button', { name: 'Previous page' }).click();
    await pager.getByText('1–25 of 30').waitFor();
    expect(owner.pageErrors).toEqual([]);
  });
});
