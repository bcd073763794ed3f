import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { screenshot } from '../support/artifacts.ts';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { gql } from '../support/gql.ts';
import { seedLease, seedViewer } from '../support/leases.ts';
import { addOnByCode, productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { settled } from '../support/settle.ts';
import { startServer, type TestServer } from '../support/server.ts';

// Density, formatting, alignment, phones and first paint (issue 16, points 16, 18, 20, 23 and 24).

let server: TestServer;
let browser: Browser;
let owner: OpenPage;
let admin: OpenPage;
let ownerPhone: OpenPage;
let partnerGid = '';
let invoiceGid = '';
let invoiceNumber = '';
let activatedLease = 0;
const WIDE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const MIXED_CASE = 'Mixed.Case@Tailspin-Toys.example';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  partnerGid = Buffer.from(`Partner:${partner.id}`).toString('base64');
  const ownerUser = await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test', 'Nancy Davolio');
  await seedUser(server.db, null, 'ADMIN', 'admin@leaseboard.test', 'Vendor Admin');
  const as = seedViewer(ownerUser);
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 3, 9));
  const thousand = productBySku(catalog, 'SM-PRO-1000').id;
  const antispam = addOnByCode(catalog, 'PREMIUM_ANTISPAM').id;
  // Long emails and product names, more customers than fit a screen: what made rows wrap.
  await seedLease(server.db, as, { productId: thousand, addOnIds: [antispam], email: MIXED_CASE, at: lastMonth });
  for (let i = 0; i < 29; i++) {
    const sku = ['SM-PRO-1000', 'ST-ENT-UNL', 'SS-PRO-250'][i % 3]!;
    await seedLease(server.db, as, { productId: productBySku(catalog, sku).id, email: `customer.number-${i}@a-rather-long-company-name-${i}.example`, at: i < 2 ? lastMonth : undefined });
  }
  activatedLease = await seedLease(server.db, as, { productId: productBySku(catalog, 'SS-PRO-10').id, email: 'zoe.chen@bright-software-holdings-1999.example' });
  const licenseKey = (await server.db.lease.findUniqueOrThrow({ where: { id: activatedLease } })).licenseKey;
  const activated = await gql<{ activateLicense: { code: string } }>(server.url, 'mutation($input: LicenseRequestInput!) { activateLicense(input: $input) { code } }', {
    input: { key: licenseKey, serverName: 'stats13.northwind-hosting.net' },
  });
  expect(activated.data.activateLicense.code).toBe('VALID');
  // Last month billed without a card on file: the invoice stays open.
  const adminToken = await sessionToken(server.url, 'admin@leaseboard.test');
  const run = await gql<{ runBilling: { userErrors: unknown[] } }>(server.url, 'mutation($i: RunBillingInput!) { runBilling(input: $i) { userErrors { code } } }', { i: { period: lastMonth.toISOString().slice(0, 7) } }, { cookie: `lb_session=${adminToken}` });
  expect(run.data.runBilling.userErrors).toEqual([]);
  const invoice = await server.db.invoice.findFirstOrThrow({ where: { partnerId: partner.id } });
  expect(invoice.status).toBe('OPEN');
  invoiceGid = Buffer.from(`Invoice:${invoice.id}`).toString('base64');
  invoiceNumber = invoice.number!;
  const ownerToken = await sessionToken(server.url, 'owner@northwind.test');
  owner = await openPage(browser, server.url, ownerToken, WIDE);
  admin = await openPage(browser, server.url, adminToken, WIDE);
  ownerPhone = await openPage(browser, server.url, ownerToken, PHONE);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Rows of a table whose whole box is inside the window. */
function rowsAboveTheFold(table: Locator): Promise<number> {
  return table.evaluate((t) => [...t.querySelectorAll('tbody tr')].filter((r) => r.getBoundingClientRect().bottom <= window.innerHeight).length);
}

/** Cells whose text runs onto a second line, as "<row>/<column>: <text>". */
function wrappedCells(table: Locator): Promise<string[]> {
  return table.evaluate((t) =>
    [...t.querySelectorAll('tbody tr')].flatMap((row, r) =>
      [...row.children].flatMap((cell, c) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
        const firstBottom = Math.min(...rects.map((rect) => rect.bottom));
        return rects.some((rect) => rect.top >= firstBottom - 1) ? [`${r}/${c}: ${cell.textContent}`] : [];
      }),
    ),
  );
}

/** Cells cut short without a tooltip holding the whole text. */
function cutWithoutTooltip(table: Locator): Promise<string[]> {
  return table.evaluate((t) =>
    [...t.querySelectorAll<HTMLElement>('tbody td, tbody th')]
      .filter((cell) => cell.scrollWidth > cell.clientWidth + 1 && cell.title !== cell.textContent?.trim())
      .map((cell) => cell.textContent ?? ''),
  );
}

/** The width a select's chosen option needs and the room it has between its paddings and its arrow; clipped if taller than the box. */
function selectText(select: Locator): Promise<{ needs: number; room: number; clipped: boolean }> {
  return select.evaluate((element: HTMLSelectElement) => {
    const probe = document.createElement('span');
    const style = getComputedStyle(element);
    probe.style.font = style.font;
    probe.style.whiteSpace = 'pre';
    probe.textContent = element.selectedOptions[0]!.text;
    document.body.append(probe);
    const text = probe.getBoundingClientRect().width;
    probe.remove();
    const ARROW = 20;
    return { needs: Math.ceil(text), room: Math.floor(element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - ARROW), clipped: element.scrollHeight > element.clientHeight };
  });
}

async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await settled(page);
}

describe('First paint', () => {
  it('is in the initial HTML: the frame, its critical CSS and a skip link, before any script runs', async () => {
    for (const path of ['/leases', '/login']) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      expect(html).toContain('id="first-paint"');
      expect(html).toMatch(/<style>[^<]*#first-paint/);
      expect(html).toContain('<a class="skip-link" href="#main">Skip to content</a>');
    }
    // The app's code never arrives here: what shows is what the HTML itself paints.
    for (const [path, shown] of [['/leases', 'banner'], ['/login', 'heading']] as const) {
      const context = await browser.newContext({ baseURL: server.url, viewport: WIDE });
      await context.route('**/_app/**', (route) => route.abort());
      const page = await context.newPage();
      await page.goto(path);
      const frame = shown === 'banner' ? page.getByRole('banner') : page.getByRole('heading', { name: 'Sign in' });
      expect(await frame.isVisible()).toBe(true);
      expect(await frame.textContent()).toMatch(shown === 'banner' ? /Leaseboard/ : /Sign in/);
      await screenshot(page, `first-paint${path.replace('/', '-')}-1440`);
      await context.close();
    }
  });

  it('gives way to the app once it has drawn: one main, one banner, the skip link first', async () => {
    const { page } = owner;
    await open(page, '/leases');
    expect(await page.locator('#first-paint').count()).toBe(0);
    expect(await page.locator('main').count()).toBe(1);
    expect(await page.getByRole('banner').count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
  });
});

describe('Density at 1440 × 900', () => {
  it('shows 20+ single-line lease rows above the fold, across the full width, with tooltips on what is cut', async () => {
    const { page } = owner;
    await open(page, '/leases');
    const table = page.getByRole('table', { name: 'Leases' });
    expect(await rowsAboveTheFold(table)).toBeGreaterThanOrEqual(20);
    expect(await wrappedCells(table)).toEqual([]);
    expect(await cutWithoutTooltip(table)).toEqual([]);
    const box = (await table.boundingBox())!;
    expect(box.width).toBeGreaterThan(1440 - 80);
    await screenshot(page, 'layout-leases-1440');
  });

  it('shows the customers table in the same style: 20+ single-line rows above the fold', async () => {
    const { page } = owner;
    await open(page, '/customers');
    const table = page.getByRole('table', { name: 'Customers' });
    expect(await rowsAboveTheFold(table)).toBeGreaterThanOrEqual(20);
    expect(await wrappedCells(table)).toEqual([]);
    expect(await cutWithoutTooltip(table)).toEqual([]);
    // The download form moved below the list; the header's button leads to it.
    await page.getByRole('link', { name: 'Download the list' }).click();
    await page.waitForURL('**/customers#download-title');
    expect(await page.getByRole('heading', { name: 'Download the list' }).isVisible()).toBe(true);
    await screenshot(page, 'layout-customers-1440');
  });
});

describe('Names and numbers', () => {
  it('names products and add-ons one way, with thousands separators, and keeps the spaces around "·"', async () => {
    const { page } = owner;
    await open(page, '/leases');
    const table = page.getByRole('table', { name: 'Leases' });
    expect(await table.getByRole('cell', { name: 'SmarterMail Professional 1,000 mailboxes' }).count()).toBeGreaterThan(0);
    expect(await table.getByText(/\b1000\b/).count()).toBe(0);
    await open(page, `/leases?q=${encodeURIComponent('mixed.case')}`);
    expect(await table.getByRole('cell', { name: 'Premium Antispam', exact: true }).count()).toBe(1);
    await open(page, `/leases/${activatedLease}`);
    expect(await page.getByText('stats13.northwind-hosting.net · last seen today').count()).toBe(1);
  });

  it("shows a customer's email in the casing the customer row holds, on the customers page and on the invoice", async () => {
    const { page } = owner;
    await open(page, `/customers?email=${encodeURIComponent('mixed.case')}`);
    expect(await page.getByRole('table', { name: 'Customers' }).getByRole('rowheader').allTextContents()).toEqual([MIXED_CASE]);
    await open(page, `/invoices/${encodeURIComponent(invoiceGid)}`);
    expect(await page.getByRole('heading', { level: 3 }).filter({ hasText: MIXED_CASE }).count()).toBe(1);
    expect(await page.getByRole('cell', { name: 'Premium Antispam', exact: true }).count()).toBe(1);
  });

  it('lists dated prices in catalog order (100, 250, 500, 1,000, Unlimited), not by name', async () => {
    const { page } = admin;
    await open(page, '/vendor/catalog');
    expect(await page.getByRole('heading', { name: 'SmarterMail · tiers by number of mailboxes' }).count()).toBe(1);
    const dated = page.getByRole('table', { name: 'SmarterMail dated prices' });
    await page.locator('summary', { hasText: /^Dated prices/ }).first().click();
    const items = (await dated.locator('tbody tr td:nth-child(2)').allTextContents()).filter((item) => item.startsWith('SmarterMail Professional'));
    expect(items).toEqual(['100', '250', '500', '1,000', 'Unlimited'].map((tier) => `SmarterMail Professional ${tier} mailboxes`));
  });
});

describe('Invoices', () => {
  it("links the unpaid table's partner to the vendor's partner page, as the all-invoices table does", async () => {
    const { page } = admin;
    await open(page, '/invoices');
    for (const name of ['Unpaid invoices', 'Invoices']) {
      const link = page.getByRole('table', { name, exact: true }).getByRole('link', { name: 'Northwind Hosting' });
      expect(await link.getAttribute('href')).toBe(`/vendor/partners/${encodeURIComponent(partnerGid)}`);
    }
  });

  it('asks to confirm Pay now in a panel of its own under the header, and Cancel gives focus back', async () => {
    const { page } = owner;
    await open(page, `/invoices/${encodeURIComponent(invoiceGid)}`);
    const payNow = page.getByRole('button', { name: 'Pay now' });
    await payNow.click();
    const panel = page.getByRole('region', { name: `Pay ${invoiceNumber} now` });
    await panel.waitFor();
    const header = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
    const panelBox = (await panel.boundingBox())!;
    expect(panelBox.y).toBeGreaterThan(header.y + header.height);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Pay \$/);
    await screenshot(page, 'layout-pay-now-1440');
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Pay now');
  });
});

describe('On a phone (390 × 844)', () => {
  it('keeps the customers email column in view, cut with an ellipsis, and the selects show their whole text', async () => {
    const { page } = ownerPhone;
    await open(page, '/customers');
    await page.getByLabel('Status').selectOption('current');
    await settled(page);
    const status = await selectText(page.getByLabel('Status'));
    expect(status.room).toBeGreaterThanOrEqual(status.needs);
    expect(status.clipped).toBe(false);
    const email = page.getByRole('table', { name: 'Customers' }).getByRole('rowheader').first();
    expect(await email.evaluate((cell) => [getComputedStyle(cell).position, getComputedStyle(cell).textOverflow])).toEqual(['sticky', 'ellipsis']);
    expect(await email.evaluate((cell) => cell.getBoundingClientRect().right)).toBeLessThanOrEqual(390 * 0.6);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'layout-customers-390');
  });

  it("shows a customer's expanded leases whole in the screen's width, though the customers table scrolls sideways", async () => {
    const { page } = ownerPhone;
    await open(page, '/customers');
    await page.getByLabel('Status').selectOption({ label: 'All' });
    await settled(page);
    await page.getByRole('button', { name: 'Show the 1 lease of zoe.chen@bright-software-holdings-1999.example' }).click();
    const leases = page.getByRole('table', { name: 'Leases of zoe.chen@bright-software-holdings-1999.example' });
    await leases.waitFor();
    // The click scrolled the customers table to its last column; the leases box stays where the screen is.
    expect(await page.getByRole('region', { name: 'Customers table' }).evaluate((wrap) => wrap.scrollLeft)).toBeGreaterThan(0);
    const box = page.locator('td.leases > div');
    const [left, right] = await box.evaluate((element) => [element.getBoundingClientRect().left, element.getBoundingClientRect().right]);
    expect(left).toBeGreaterThanOrEqual(0);
    expect(right).toBeLessThanOrEqual(390);
    // Its first column is not held over the columns beside it: that is for the customers table's own rows.
    expect(await leases.getByRole('cell').first().evaluate((cell) => getComputedStyle(cell).position)).toBe('static');
    await leases.getByRole('cell', { name: 'SmarterStats Professional 10 sites' }).waitFor();
    await screenshot(page, 'layout-customer-leases-390');
  });

  it("keeps each lease's subtotal on an invoice in view while its lines scroll sideways, and cuts a long SKU with its whole text in a tooltip", async () => {
    const { page } = ownerPhone;
    await open(page, `/invoices/${encodeURIComponent(invoiceGid)}`);
    const subtotal = page.getByText(/^Lease subtotal \$/).first();
    await subtotal.waitFor();
    const [left, right] = await subtotal.evaluate((element) => [element.getBoundingClientRect().left, element.getBoundingClientRect().right]);
    expect(left).toBeGreaterThanOrEqual(0);
    expect(right).toBeLessThanOrEqual(390);
    const skus = await page.locator('main table td.sku').evaluateAll((cells) =>
      cells.map((cell) => ({ text: cell.textContent, title: cell.getAttribute('title'), fits: cell.scrollWidth <= cell.clientWidth, cut: getComputedStyle(cell).textOverflow === 'ellipsis' && getComputedStyle(cell).overflow === 'hidden' })),
    );
    expect(skus.length).toBeGreaterThan(0);
    for (const sku of skus) expect(sku.fits || (sku.cut && sku.title === sku.text)).toBe(true);
    await screenshot(page, 'layout-invoice-lines-390');
  });

  it("shows the Start Lease product select's longest choice whole", async () => {
    const { page } = ownerPhone;
    await open(page, '/leases');
    await page.getByRole('button', { name: 'Start Lease' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start Lease' });
    await dialog.getByRole('radio', { name: 'SmarterMail' }).check();
    const product = dialog.getByLabel('2. Product');
    await product.selectOption({ label: 'Professional Unlimited — $45.00/mo' });
    const chosen = await selectText(product);
    expect(chosen.room).toBeGreaterThanOrEqual(chosen.needs);
    expect(chosen.clipped).toBe(false);
    await screenshot(page, 'layout-start-lease-390');
    await page.keyboard.press('Escape');
  });

  it('never scrolls a page sideways: wide tables scroll inside their own box', async () => {
    const paths = ['/overview', '/leases', '/customers', '/reports', '/invoices', `/invoices/${encodeURIComponent(invoiceGid)}`, '/account', '/account/users', '/account/card', '/account/api-keys', '/account/audit', '/integrations'];
    const wide: string[] = [];
    for (const path of paths) {
      await open(ownerPhone.page, path);
      const width = await ownerPhone.page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${path}: ${width}`);
    }
    const vendor = await openPage(browser, server.url, await sessionToken(server.url, 'admin@leaseboard.test'), PHONE);
    for (const path of ['/vendor/partners', `/vendor/partners/${encodeURIComponent(partnerGid)}`, '/vendor/catalog', '/vendor/billing', '/leases', '/invoices']) {
      await open(vendor.page, path);
      const width = await vendor.page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`vendor ${path}: ${width}`);
    }
    await vendor.context.close();
    expect(wide).toEqual([]);
  });

  it('breaks emails only before "@" or after a dot, never inside a word', async () => {
    const { page } = ownerPhone;
    await open(page, `/leases/${activatedLease}`);
    const brokenInside = await page.locator('main .email').evaluateAll((emails) =>
      emails.flatMap((email) =>
        [...email.childNodes]
          .filter((node) => node.nodeType === Node.TEXT_NODE && node.textContent)
          .filter((node) => {
            const range = document.createRange();
            range.selectNodeContents(node);
            return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1;
          })
          .map((node) => node.textContent),
      ),
    );
    expect(await page.locator('main .email').count()).toBeGreaterThanOrEqual(2);
    // The address is too long for one line here, so it does wrap: only where it may.
    const lines = await page.locator('main .email').first().evaluate((email) => new Set([...email.getClientRects()].map((rect) => Math.round(rect.top))).size);
    expect(lines).toBeGreaterThan(1);
    expect(brokenInside).toEqual([]);
    // The activations table scrolls if it must; no cell is cut.
    const clipped = await page.getByRole('table', { name: 'Activations' }).locator('td').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent));
    expect(clipped).toEqual([]);
    await screenshot(page, 'layout-lease-390');
  });
});
