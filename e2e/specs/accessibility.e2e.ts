import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshot } from '../support/artifacts.ts';
import { seriousA11yViolations } from '../support/axe.ts';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { gql } from '../support/gql.ts';
import { seedLease, seedViewer } from '../support/leases.ts';
import { addOnByCode, productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { settled } from '../support/settle.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let owner: OpenPage;
let admin: OpenPage;
let ownerNarrow: OpenPage;
let adminNarrow: OpenPage;
const WIDE = { width: 1440, height: 900 };
const NARROW = { width: 390, height: 844 };
let invoiceId = '';
let leaseNumber = 0;
let partnerGid = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  partnerGid = Buffer.from(`Partner:${partner.id}`).toString('base64');
  const ownerUser = await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test', 'Nancy Davolio');
  await seedUser(server.db, partner.id, 'ANALYST', 'analyst@northwind.test', 'Janet Leverling');
  await seedUser(server.db, null, 'ADMIN', 'admin@leaseboard.test', 'Vendor Admin');
  await server.db.contact.create({ data: { partnerId: partner.id, name: 'Steven Buchanan', email: 'ap@northwind.test', kind: 'BILLING' } });
  const as = seedViewer(ownerUser);
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 3, 9));
  leaseNumber = await seedLease(server.db, as, { productId: productBySku(catalog, 'SM-ENT-250').id, addOnIds: [addOnByCode(catalog, 'ACTIVESYNC').id], email: 'alice@contoso.example', at: lastMonth });
  await seedLease(server.db, as, { productId: productBySku(catalog, 'ST-PRO-10').id, email: 'bob@fabrikam.example', at: lastMonth });
  await seedLease(server.db, as, { productId: productBySku(catalog, 'SS-PRO-50').id, email: 'carol@tailspin.example' });
  const adminToken = await sessionToken(server.url, 'admin@leaseboard.test');
  await gql(server.url, 'mutation($i: RunBillingInput!) { runBilling(input: $i) { userErrors { code } } }', { i: { period: lastMonth.toISOString().slice(0, 7) } }, { cookie: `lb_session=${adminToken}` });
  const invoice = await server.db.invoice.findFirstOrThrow({ where: { partnerId: partner.id } });
  invoiceId = Buffer.from(`Invoice:${invoice.id}`).toString('base64');
  owner = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'), WIDE);
  admin = await openPage(browser, server.url, adminToken, WIDE);
  ownerNarrow = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'), NARROW);
  adminNarrow = await openPage(browser, server.url, adminToken, NARROW);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Check {
  name: string;
  as: () => OpenPage;
  path: string;
  /** Opens a modal or a panel before the check. */
  prepare?: (page: Page) => Promise<void>;
}

const CHECKS: Check[] = [
  { name: 'overview', as: () => owner, path: '/overview' },
  { name: 'leases', as: () => owner, path: '/leases' },
  {
    name: 'start-lease-modal',
    as: () => owner,
    path: '/leases',
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Start Lease' }).click();
      await page.getByRole('radio', { name: 'SmarterMail' }).check();
      await page.getByLabel('2. Product').selectOption({ index: 7 });
    },
  },
  { name: 'lease', as: () => owner, path: '/leases/{lease}' },
  {
    name: 'lease-modify',
    as: () => owner,
    path: '/leases/{lease}',
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Modify' }).click();
    },
  },
  {
    name: 'customers',
    as: () => owner,
    path: '/customers',
    prepare: async (page) => {
      await page.getByRole('button', { name: /leases? of alice@contoso\.example$/ }).click();
      await page.getByRole('table', { name: 'Leases of alice@contoso.example' }).waitFor();
    },
  },
  { name: 'reports', as: () => owner, path: '/reports' },
  { name: 'invoices', as: () => owner, path: '/invoices' },
  { name: 'invoice', as: () => owner, path: '' },
  { name: 'account', as: () => owner, path: '/account' },
  { name: 'account-users', as: () => owner, path: '/account/users' },
  { name: 'account-card', as: () => owner, path: '/account/card' },
  { name: 'account-api-keys', as: () => owner, path: '/account/api-keys', prepare: async (page) => page.getByRole('button', { name: 'Create an API key' }).click() },
  { name: 'account-audit', as: () => owner, path: '/account/audit' },
  { name: 'vendor-partners', as: () => admin, path: '/vendor/partners' },
  { name: 'vendor-partner', as: () => admin, path: '/vendor/partners/{partner}' },
  { name: 'vendor-leases', as: () => admin, path: '/leases' },
  { name: 'vendor-invoices', as: () => admin, path: '/invoices' },
  { name: 'vendor-catalog', as: () => admin, path: '/vendor/catalog' },
  { name: 'vendor-billing', as: () => admin, path: '/vendor/billing' },
];

describe('Accessibility (axe-core: no serious or critical violations)', () => {
  it('on the sign-in page', async () => {
    const { page, context } = await openPage(browser, server.url);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'login');
    await context.close();
  });

  const pathOf = (check: Check) =>
    (check.path || `/invoices/${encodeURIComponent(invoiceId)}`).replace('{lease}', String(leaseNumber)).replace('{partner}', encodeURIComponent(partnerGid));

  for (const check of CHECKS) {
    it(`on ${check.name}`, async () => {
      const { page } = check.as();
      await page.goto(pathOf(check));
      await settled(page);
      if (check.prepare) {
        await check.prepare(page);
        await settled(page);
      }
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `${check.name}-1440`);
    });
  }

  // Every page again on a phone (390 × 844): screenshots for people to look at, and nothing sticks out sideways.
  for (const check of CHECKS) {
    it(`on ${check.name} at 390 px`, async () => {
      const { page } = check.as() === admin ? adminNarrow : ownerNarrow;
      await page.goto(pathOf(check));
      await settled(page);
      if (check.prepare) {
        await check.prepare(page);
        await settled(page);
      }
      await screenshot(page, `${check.name}-390`);
    });
  }

  it('on a narrow window (leases and the Start Lease modal)', async () => {
    const narrow = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'), { width: 380, height: 800 });
    const { page } = narrow;
    await page.goto('/leases');
    await settled(page);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'leases-narrow');
    // Nothing sticks out sideways except inside the scrollable table.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(380);
    await page.getByRole('button', { name: 'Start Lease' }).click();
    await page.getByRole('radio', { name: 'SmarterMail' }).check();
    await screenshot(page, 'start-lease-narrow');
    await narrow.context.close();
  });
});

describe('On a phone (390 × 844)', () => {
  it('folds the menu behind one button, and nothing sticks out sideways', async () => {
    const { page } = ownerNarrow;
    await page.goto('/leases');
    await settled(page);
    const header = await page.getByRole('banner').boundingBox();
    expect(header!.height).toBeLessThan(64);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.waitForURL('**/customers');
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

describe('Keyboard', () => {
  it('offers a skip link first, which moves focus to the content', async () => {
    const { page } = owner;
    await page.goto('/leases');
    await settled(page);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('opens Start Lease, keeps Tab inside it, closes on Escape and returns focus to the opener', async () => {
    const { page } = owner;
    await page.goto('/leases');
    await settled(page);
    await page.getByRole('button', { name: 'Start Lease' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Start Lease' });
    await dialog.waitFor();
    const inside = () => page.evaluate(() => Boolean(document.activeElement?.closest('dialog')));
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await inside()).toBe(true);
    }
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await inside()).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Start Lease');
  });

  it('chooses the product type and product with the keyboard alone', async () => {
    const { page } = owner;
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Start Lease' });
    await dialog.waitFor();
    // Focus starts on the first product type; arrow keys move between radios.
    await page.keyboard.press('Space');
    expect(await dialog.getByRole('radio', { name: 'SmarterMail' }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await dialog.getByRole('radio', { name: 'SmarterTrack' }).isChecked()).toBe(true);
    await dialog.getByLabel('2. Product').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
