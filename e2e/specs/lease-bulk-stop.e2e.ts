import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshot } from '../support/artifacts.ts';
import { seriousA11yViolations } from '../support/axe.ts';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { seedLease, seedStop, seedViewer } from '../support/leases.ts';
import { productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { settled } from '../support/settle.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let owner: OpenPage;
let ownerToken = '';
let partnerId = 0;

/** 2 Fabrikam leases (the oldest), then 28 Contoso leases of which the oldest is stopped: 30 in all, more than a page of 25. */
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  partnerId = partner.id;
  const ownerUser = await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test', 'Nancy Davolio');
  const as = seedViewer(ownerUser);
  const skus = ['SM-PRO-250', 'ST-PRO-10', 'SS-PRO-50'];
  for (let i = 0; i < 2; i++) await seedLease(server.db, as, { productId: productBySku(catalog, skus[i]!).id, email: `user${i}@fabrikam.example` });
  for (let i = 0; i < 28; i++) {
    const id = await seedLease(server.db, as, { productId: productBySku(catalog, skus[i % 3]!).id, email: `user${i}@contoso.example` });
    if (i === 0) await seedStop(server.db, as, id);
  }
  ownerToken = await sessionToken(server.url, 'owner@northwind.test');
  owner = await openPage(browser, server.url, ownerToken, { width: 1440, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const active = (ids: number[]) => server.db.lease.count({ where: { id: { in: ids }, status: 'ACTIVE' } });

function table(page: Page) {
  return page.getByRole('table', { name: 'Leases' });
}

describe('Stopping leases in bulk from the leases list', () => {
  it('ticks leases, shows a dry run with the saving, then stops them and says what happened to each', async () => {
    const { page } = owner;
    await page.goto('/leases');
    await settled(page);
    expect(await table(page).getByRole('row').count()).toBe(26); // the header and 25 leases
    // The checkboxes and the selection bar keep the list dense: 20 or more single-line rows above the fold.
    const rows = await table(page).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect()).map((r) => ({ bottom: r.bottom, height: r.height })));
    await screenshot(page, 'leases-list-selectable-1440');
    expect(rows.filter((r) => r.bottom <= 900).length).toBeGreaterThanOrEqual(20);
    expect(new Set(rows.map((r) => Math.round(r.height))).size).toBe(1);
    const boxes = table(page).getByRole('checkbox', { name: /^Select lease \d+$/ });
    expect(await boxes.count()).toBe(25);
    const [first, second] = (await boxes.evaluateAll((all) => all.slice(0, 2).map((b) => Number(b.getAttribute('aria-label')!.replace('Select lease ', ''))))) as [number, number];

    await table(page).getByRole('checkbox', { name: `Select lease ${first}` }).check();
    await table(page).getByRole('checkbox', { name: `Select lease ${second}` }).check();
    expect(page.url()).toMatch(/\/leases$/); // ticking a box does not open the lease
    const selected = page.getByRole('group', { name: 'Selected leases' });
    await selected.getByText('2 selected').waitFor();
    await screenshot(page, 'leases-selection-1440');

    await selected.getByRole('button', { name: 'Stop selected (2)…' }).click();
    const dryRun = page.getByRole('region', { name: 'Dry run' });
    await dryRun.getByText(/^2 leases would stop now, saving \$[\d,.]+ a month:/).waitFor();
    expect(await dryRun.textContent()).toContain(`${first}, ${second}`);
    expect(await active([first, second])).toBe(2); // the dry run changed nothing
    await screenshot(page, 'leases-bulk-dry-run-1440');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await dryRun.getByRole('button', { name: 'Stop 2 leases' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Stopped 2' });
    await done.getByText(`Lease ${first}`).waitFor();
    expect(await done.textContent()).toContain(`Lease ${second}: stopped`);
    expect(await active([first, second])).toBe(0);
    expect(await server.db.leaseHistory.count({ where: { leaseId: { in: [first, second] }, action: 'STOPPED' } })).toBe(2);
    // Stopped leases have no box any more, and the selection is empty.
    await expect.poll(() => table(page).getByRole('checkbox', { name: `Select lease ${first}` }).count()).toBe(0);
    await selected.waitFor({ state: 'detached' });
    await screenshot(page, 'leases-bulk-result-1440');
  });

  it('selects all leases a search matches across pages, and stops only the active ones of that search', async () => {
    const { page } = owner;
    await page.getByRole('searchbox', { name: 'Search' }).fill('contoso');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'contoso');
    await settled(page);
    const selected = page.getByRole('group', { name: 'Selected leases' });
    await table(page).getByRole('checkbox', { name: 'Select every active lease on this page' }).check();
    const onPage = await table(page).getByRole('checkbox', { name: /^Select lease \d+$/, checked: true }).count();
    expect(onPage).toBe(await table(page).getByRole('checkbox', { name: /^Select lease \d+$/ }).count());
    await selected.getByText(`${onPage} selected`).waitFor();

    await selected.getByRole('button', { name: 'Select all 28 matching leases' }).click();
    await selected.getByText('All 28 leases matching this search are selected (active ones stop).').waitFor();
    await selected.getByRole('button', { name: 'Stop all matching…' }).click();
    const dryRun = page.getByRole('region', { name: 'Dry run' });
    // 28 Contoso leases: the one stopped at the start and the two stopped above do not count.
    await dryRun.getByText(/^25 leases would stop now, saving \$[\d,.]+ a month:/).waitFor();
    await screenshot(page, 'leases-bulk-all-matching-1440');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await server.db.lease.count({ where: { partnerId, status: 'ACTIVE' } })).toBe(27);

    await dryRun.getByRole('button', { name: 'Stop 25 leases' }).click();
    await page.getByRole('status').filter({ hasText: 'Stopped 25' }).waitFor();
    const left = await server.db.lease.findMany({ where: { partnerId, status: 'ACTIVE' }, select: { customerEmailNorm: true } });
    expect(left.map((l) => l.customerEmailNorm).sort()).toEqual(['user0@fabrikam.example', 'user1@fabrikam.example']);
    expect(owner.pageErrors).toEqual([]);
  });

  it('fits the selection and the dry run on a phone', async () => {
    const narrow = await openPage(browser, server.url, ownerToken, { width: 390, height: 844 });
    const { page } = narrow;
    await page.goto('/leases?q=fabrikam');
    await settled(page);
    const boxes = table(page).getByRole('checkbox', { name: /^Select lease \d+$/ });
    expect(await boxes.count()).toBe(2); // the two Fabrikam leases are all that is active
    await boxes.first().check();
    await page.getByRole('button', { name: 'Stop selected (1)…' }).click();
    await page.getByRole('region', { name: 'Dry run' }).getByText(/^1 lease would stop now/).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'leases-bulk-dry-run-390');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('region', { name: 'Dry run' }).getByRole('button', { name: 'Cancel' }).click();
    expect(await server.db.lease.count({ where: { partnerId, status: 'ACTIVE' } })).toBe(2);
    expect(narrow.pageErrors).toEqual([]);
    await narrow.context.close();
  });
});
