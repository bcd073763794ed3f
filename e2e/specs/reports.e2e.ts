import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { paintedAtLeftEdge, paintedPixels, pixelsOf } from '../support/canvas.ts';
import { gql } from '../support/gql.ts';
import { seedLease, seedStop, seedViewer } from '../support/leases.ts';
import type { Catalog } from '@leaseboard/seed/index';
import { productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { settled } from '../support/settle.ts';
import { startServer, type TestServer } from '../support/server.ts';

// The dashboard's dataset colours (admin/src/lib/components/charts/chart-setup.ts).
const BLUE = '#1f5fbf';
const ORANGE = '#d9480f';
const GREEN = '#2b8a3e';
const PURPLE = '#862e9c';

let server: TestServer;
let browser: Browser;
let analyst: OpenPage;
let catalog: Catalog;

function monthsAgo(n: number, day = 3): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, day, 10));
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  const owner = await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test');
  await seedUser(server.db, partner.id, 'ANALYST', 'analyst@northwind.test');
  await seedUser(server.db, null, 'ADMIN', 'admin@leaseboard.test');
  const as = seedViewer(owner);
  // Six months of history: two or three new leases a month, one stopped now and then.
  const skus = ['SM-PRO-250', 'SM-ENT-500', 'ST-PRO-10', 'SS-ENT-50'];
  let n = 0;
  for (let m = 5; m >= 1; m--) {
    for (let i = 0; i < 2 + (m % 2); i++) {
      const id = await seedLease(server.db, as, { productId: productBySku(catalog, skus[n % skus.length]!).id, email: `customer${n % 5}@example.test`, at: monthsAgo(m, 2 + i) });
      if (n % 4 === 3) await seedStop(server.db, as, id, monthsAgo(m, 20));
      n++;
    }
  }
  // The longest product name in the catalog, for the chart labels.
  await seedLease(server.db, as, { productId: productBySku(catalog, 'SM-PRO-UNL').id, email: 'longname@example.test', at: monthsAgo(1, 10) });
  const admin = await sessionToken(server.url, 'admin@leaseboard.test');
  for (const m of [3, 2, 1]) {
    const period = monthsAgo(m).toISOString().slice(0, 7);
    const run = await gql<{ runBilling: { userErrors: unknown[] } }>(server.url, 'mutation($i: RunBillingInput!) { runBilling(input: $i) { userErrors { code } } }', { i: { period } }, { cookie: `lb_session=${admin}` });
    expect(run.data.runBilling.userErrors).toEqual([]);
  }
  analyst = await openPage(browser, server.url, await sessionToken(server.url, 'analyst@northwind.test'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function chart(page: Page, name: RegExp) {
  return page.getByRole('img', { name }).locator('canvas');
}

describe('Reports page', () => {
  it('draws every chart with its data', async () => {
    const { page } = analyst;
    await page.goto('/reports');
    await settled(page);
    const charts = [
      { name: /^Line chart of active leases/, colours: [BLUE] },
      // No card on file: every invoice is unpaid, so the bars (and the only legend entry) are Outstanding's orange.
      { name: /^Bar chart of invoiced spend per month/, colours: [ORANGE] },
      { name: /^Bar chart of new and stopped leases/, colours: [BLUE, ORANGE] },
      { name: /^Bar chart of active leases per product/, colours: [GREEN] },
      { name: /^Bar chart of the \d+ customers with the highest monthly spend/, colours: [PURPLE] },
    ];
    for (const { name, colours } of charts) {
      const canvas = chart(page, name);
      expect(await paintedPixels(canvas), `${name} painted`).toBeGreaterThan(1000);
      for (const colour of colours) expect(await pixelsOf(canvas, colour), `${name} shows ${colour}`).toBeGreaterThan(50);
    }
    // The legend names only the statuses that exist: nothing is paid, so no blue "Paid" entry.
    expect(await pixelsOf(chart(page, /^Bar chart of invoiced spend per month/), BLUE)).toBe(0);
  });

  it('draws long product names whole, wrapped rather than cut at the chart edge', async () => {
    const { page } = analyst;
    const canvas = chart(page, /^Bar chart of active leases per product/);
    expect(await paintedPixels(canvas)).toBeGreaterThan(1000);
    // A label cut at the canvas edge ("arterMail Professional Unlimited mailboxes") paints the first columns.
    expect(await paintedAtLeftEdge(canvas, 3)).toBe(0);
    const products = page.getByRole('region', { name: 'Leases by product' });
    await products.getByText('Show data').click();
    await products.getByRole('cell', { name: 'SmarterMail Professional Unlimited mailboxes' }).waitFor();
  });

  it('reads the numbers out in "Show data" tables', async () => {
    const { page } = analyst;
    const flow = page.getByRole('region', { name: 'New vs stopped leases' });
    await flow.getByText('Show data').click();
    const started = await server.db.lease.count();
    await flow.getByText(new RegExp(`^${started} new, \\d+ stopped`)).waitFor();
  });

  it('lists idle leases with what they cost', async () => {
    const { page } = analyst;
    const idle = page.getByRole('table', { name: 'Idle leases' });
    const active = await server.db.lease.count({ where: { status: 'ACTIVE' } });
    await expect.poll(() => idle.getByRole('row').count()).toBe(active + 1);
    await page.getByText(new RegExp(`^\\s*${active} active leases not in use, costing`)).waitFor();
  });

  it('says how long each idle lease has not been seen', async () => {
    const { page } = analyst;
    const lease = await server.db.lease.findFirstOrThrow({ where: { status: 'ACTIVE' }, orderBy: { id: 'asc' } });
    await server.db.lease.update({ where: { id: lease.id }, data: { lastSeenAt: new Date(Date.now() - 102 * 86_400_000 - 3_600_000), serverName: 'old.example' } });
    await page.goto('/reports');
    await settled(page);
    const row = page.getByRole('table', { name: 'Idle leases' }).getByRole('row').filter({ has: page.getByRole('link', { name: String(lease.id), exact: true }) });
    await row.getByText('Last seen 102 days ago (old.example)').waitFor();
    const days = Math.floor((Date.now() - lease.startedAt.getTime()) / 86_400_000);
    await page.getByRole('table', { name: 'Idle leases' }).getByText(/Never activated, started \d+ days ago/).first().waitFor();
    expect(days).toBeGreaterThan(0);
    await page.getByText(/idle when its server has not been seen for 30 days or more, or when no server has activated its key 14 days after it started/).waitFor();
  });

  it('gives a new lease 14 days to be activated before it counts as idle', async () => {
    const { page } = analyst;
    const owner = await server.db.user.findFirstOrThrow({ where: { email: 'owner@northwind.test' } });
    const at = (days: number) => new Date(Date.now() - days * 86_400_000 - 3_600_000);
    const fresh = await seedLease(server.db, seedViewer(owner), { productId: productBySku(catalog, 'SM-PRO-250').id, email: 'new@example.test', at: at(3) });
    const due = await seedLease(server.db, seedViewer(owner), { productId: productBySku(catalog, 'SM-PRO-250').id, email: 'due@example.test', at: at(14) });
    await page.goto('/reports');
    await settled(page);
    const idle = page.getByRole('table', { name: 'Idle leases' });
    const rowOf = (id: number) => idle.getByRole('row').filter({ has: page.getByRole('link', { name: String(id), exact: true }) });
    await rowOf(due).getByText('Never activated, started 14 days ago').waitFor();
    expect(await rowOf(fresh).count()).toBe(0);
    // Back as they were for the tests below, which count every active lease as idle.
    await seedStop(server.db, seedViewer(owner), fresh);
    await seedStop(server.db, seedViewer(owner), due);
  });

  it('follows the date range', async () => {
    const { page } = analyst;
    await page.getByRole('button', { name: 'Last 3 months' }).click();
    await page.waitForURL(/from=/);
    await settled(page);
    const canvas = chart(page, /^Line chart of active leases/);
    expect(await pixelsOf(canvas, BLUE)).toBeGreaterThan(50);
    await page.getByRole('region', { name: 'Active leases over time' }).getByText('Show data').click();
    expect(await page.getByRole('region', { name: 'Active leases over time' }).getByRole('row').count()).toBe(4);
    expect(analyst.pageErrors).toEqual([]);
  });

  it('by week, ends at the week in progress instead of plotting weeks that have not happened', async () => {
    const { page } = analyst;
    await page.goto('/reports');
    await settled(page);
    await page.getByLabel('Group by').selectOption('WEEK');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/by=WEEK/);
    await settled(page);
    const region = page.getByRole('region', { name: 'Active leases over time' });
    await region.getByText('Show data').click();
    const labels = await region.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => r.querySelector('td')?.textContent ?? ''));
    const now = new Date();
    const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
    const label = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(monday);
    expect(labels.at(-1)).toBe(label);
  });
});

describe('Overview page', () => {
  it('is where managers land: active leases with a trend, run rate, net change, idle leases and unpaid invoices, each linking on', async () => {
    const { page } = analyst;
    await page.goto('/');
    await page.waitForURL('**/overview');
    await settled(page);
    const figures = page.getByRole('list', { name: 'Key figures' });
    const active = await server.db.lease.count({ where: { status: 'ACTIVE' } });
    const card = (label: string) => figures.getByRole('listitem').filter({ has: page.getByText(label, { exact: true }) });
    expect(await card('Active leases').textContent()).toContain(String(active));
    expect(await paintedPixels(card('Active leases').locator('canvas'))).toBeGreaterThan(50);
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const startedThisMonth = await server.db.lease.count({ where: { startedAt: { gte: monthStart } } });
    expect(await card('Net change this month').textContent()).toContain(`${startedThisMonth} new`);
    const unpaid = await server.db.invoice.aggregate({ where: { status: { in: ['OPEN', 'PAST_DUE'] } }, _sum: { totalCents: true } });
    const dollars = `$${((unpaid._sum.totalCents ?? 0) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    expect(await card('Unpaid invoices').textContent()).toContain(dollars);
    await card('Idle leases').getByText(/costing \$[\d,.]+ a month/).waitFor();
    await card('Monthly run rate').getByRole('link').click();
    await page.waitForURL('**/reports');
    expect(analyst.pageErrors).toEqual([]);
  });
});

describe('Stopping idle leases in bulk', () => {
  it('shows a dry run with the monthly saving, then stops the chosen leases and says what happened to each', async () => {
    const owner = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'));
    const { page } = owner;
    await page.goto('/reports');
    await settled(page);
    const table = page.getByRole('table', { name: 'Idle leases' });
    const [first, second] = (await table.getByRole('checkbox').evaluateAll((boxes) => boxes.slice(0, 2).map((b) => Number((b as HTMLInputElement).value)))) as [number, number];
    await table.getByRole('checkbox', { name: `Select lease ${first}` }).check();
    await table.getByRole('checkbox', { name: `Select lease ${second}` }).check();
    await page.getByRole('button', { name: 'Stop selected (2)…' }).click();
    const dryRun = page.getByRole('region', { name: 'Dry run' });
    await dryRun.getByText(/^2 leases would stop now, saving \$[\d,.]+ a month:/).waitFor();
    // The dry run changed nothing.
    expect(await server.db.lease.count({ where: { id: { in: [first, second] }, status: 'STOPPED' } })).toBe(0);

    await dryRun.getByRole('button', { name: 'Stop 2 leases' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Stopped 2' });
    await done.getByText(`Lease ${first}`).waitFor();
    expect(await done.textContent()).toContain(`Lease ${second}: stopped`);
    expect(await server.db.lease.count({ where: { id: { in: [first, second] }, status: 'STOPPED' } })).toBe(2);
    expect(await server.db.leaseHistory.count({ where: { leaseId: { in: [first, second] }, action: 'STOPPED' } })).toBe(2);
    expect(await table.getByRole('checkbox', { name: `Select lease ${first}` }).count()).toBe(0);

    await page.getByRole('button', { name: 'Stop all idle leases…' }).click();
    const idle = await server.db.lease.count({ where: { status: 'ACTIVE' } });
    await dryRun.getByText(new RegExp(`^${idle} leases would stop now`)).waitFor();
    await dryRun.getByRole('button', { name: 'Cancel' }).click();
    expect(await server.db.lease.count({ where: { status: 'ACTIVE' } })).toBe(idle);
    expect(owner.pageErrors).toEqual([]);
    await owner.context.close();
  });
});
