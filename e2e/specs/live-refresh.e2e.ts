import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiKeyFor } from '@leaseboard/domain/test/factories';
import type { Catalog } from '@leaseboard/seed/index';
import { screenshot } from '../support/artifacts.ts';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { gql } from '../support/gql.ts';
import { seedLease, seedViewer } from '../support/leases.ts';
import { productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let owner: OpenPage;
let catalog: Catalog;
let partnerId: number;
let cart: Record<string, string>;
let seeder: ReturnType<typeof seedViewer>;

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

/** Sends one mutation as the cart (an API key) and fails on any error or refusal. */
async function asCart(field: string, document: string, input: Record<string, unknown>) {
  const answer = await gql<Record<string, { userErrors?: { code: string }[] } & Record<string, unknown>>>(server.url, document, { input }, cart);
  expect(answer.errors).toBeUndefined();
  expect(answer.data[field]!.userErrors ?? []).toEqual([]);
  return answer.data[field]!;
}

/** Marks the page, so a reload (which would lose the mark) fails the test. */
async function markNotReloaded(page: Page) {
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  // The live-updates stream opens once the page registered its listener.
  await new Promise((resolve) => setTimeout(resolve, 500));
}
const stillNotReloaded = (page: Page) => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded);

/** "YYYY-MM" of last month and an instant inside it. */
function lastMonth(): { period: string; during: Date } {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return { period: start.toISOString().slice(0, 7), during: new Date(start.getTime() + 4 * 86_400_000) };
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  catalog = await seedCatalogOnce(server.db);
  partnerId = (await seedPartner(server.db)).id;
  seeder = seedViewer(await seedUser(server.db, partnerId, 'OWNER', 'owner@northwind.test'));
  await seedUser(server.db, null, 'ADMIN', 'admin@leaseboard.test');
  cart = (await apiKeyFor(server.db, partnerId, ['leases:read', 'leases:write', 'billing:read', 'billing:write'])).headers;
  owner = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'), { width: 1440, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('an open lease page', () => {
  it('shows the lease modified, its license activated and the lease stopped through the API, without a reload', async () => {
    const { page } = owner;
    const started = await asCart('startLease', 'mutation($input: StartLeaseInput!) { startLease(input: $input) { lease { leaseNumber licenseKey } userErrors { code } } }', {
      productId: gid('Product', productBySku(catalog, 'SM-PRO-100').id),
      customer: { email: 'upgrade@shop.example' },
    });
    const { leaseNumber, licenseKey } = started['lease'] as { leaseNumber: number; licenseKey: string };
    await page.goto(`/leases/${leaseNumber}`);
    await page.getByRole('heading', { name: `Lease ${leaseNumber}` }).waitFor();
    const facts = page.getByRole('region', { name: `Lease ${leaseNumber}` });
    await facts.getByText(productBySku(catalog, 'SM-PRO-100').name, { exact: true }).first().waitFor();
    await markNotReloaded(page);

    await asCart('modifyLease', 'mutation($input: ModifyLeaseInput!) { modifyLease(input: $input) { userErrors { code } } }', {
      leaseId: gid('Lease', leaseNumber),
      productId: gid('Product', productBySku(catalog, 'SM-PRO-250').id),
    });
    await facts.getByText(productBySku(catalog, 'SM-PRO-250').name, { exact: true }).first().waitFor({ timeout: 5_000 });

    const activated = await gql<{ activateLicense: { code: string } }>(server.url, 'mutation($input: LicenseRequestInput!) { activateLicense(input: $input) { code } }', {
      input: { key: licenseKey, serverName: 'mail.shop.example' },
    });
    expect(activated.data.activateLicense.code).toBe('VALID');
    await page.getByRole('region', { name: 'Activations' }).getByRole('cell', { name: 'mail.shop.example' }).waitFor({ timeout: 5_000 });
    await screenshot(page, 'lease-live-activated-1440');

    await asCart('stopLease', 'mutation($input: StopLeaseInput!) { stopLease(input: $input) { userErrors { code } } }', { leaseId: gid('Lease', leaseNumber) });
    await facts.getByText('Stopped', { exact: true }).first().waitFor({ timeout: 5_000 });
    expect(await page.getByRole('button', { name: 'Stop Lease' }).count()).toBe(0);
    expect(await stillNotReloaded(page)).toBe(true);

    await screenshot(page, 'lease-live-stopped-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'lease-live-stopped-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(owner.pageErrors).toEqual([]);
  });

  it('ignores changes to other leases', async () => {
    const { page } = owner;
    const shown = await seedLease(server.db, seeder, { productId: productBySku(catalog, 'SM-PRO-100').id, email: 'shown@shop.example' });
    await page.goto(`/leases/${shown}`);
    await page.getByRole('heading', { name: `Lease ${shown}` }).waitFor();
    await markNotReloaded(page);
    const requests: string[] = [];
    page.on('request', (request) => request.url().endsWith('/graphql') && request.postData()?.includes('LeaseDetails') && requests.push(request.url()));

    const other = await asCart('startLease', 'mutation($input: StartLeaseInput!) { startLease(input: $input) { lease { leaseNumber } userErrors { code } } }', {
      productId: gid('Product', productBySku(catalog, 'SM-PRO-100').id),
      customer: { email: 'other@shop.example' },
    });
    await asCart('stopLease', 'mutation($input: StopLeaseInput!) { stopLease(input: $input) { userErrors { code } } }', { leaseId: gid('Lease', (other['lease'] as { leaseNumber: number }).leaseNumber) });
    await asCart('stopLease', 'mutation($input: StopLeaseInput!) { stopLease(input: $input) { userErrors { code } } }', { leaseId: gid('Lease', shown) });
    await page.getByRole('region', { name: `Lease ${shown}` }).getByText('Stopped', { exact: true }).first().waitFor({ timeout: 5_000 });
    // Only the stop of this lease made the page read it again.
    expect(requests).toHaveLength(1);
  });
});

describe('an open Invoices page', () => {
  it('shows an open invoice become Paid when a card is put on file through the API, without a reload', async () => {
    const { page } = owner;
    const { period, during } = lastMonth();
    await seedLease(server.db, seeder, { productId: productBySku(catalog, 'ST-PRO-25').id, email: 'billed@shop.example', at: during });
    const admin = await sessionToken(server.url, 'admin@leaseboard.test');
    const run = await gql<{ runBilling: { userErrors: unknown[] } }>(server.url, 'mutation($input: RunBillingInput!) { runBilling(input: $input) { userErrors { code } } }', { input: { period } }, { cookie: `lb_session=${admin}` });
    expect(run.data.runBilling.userErrors).toEqual([]);
    const invoice = await server.db.invoice.findFirstOrThrow({ where: { partnerId, period } });
    expect(invoice.status).toBe('OPEN');

    await page.goto('/invoices');
    const all = page.getByRole('table', { name: 'Invoices', exact: true });
    const row = all.getByRole('row').filter({ hasText: invoice.number! });
    await row.getByText('Open', { exact: true }).waitFor();
    await page.getByRole('table', { name: 'Unpaid invoices' }).waitFor();
    await markNotReloaded(page);

    await asCart('setPaymentMethod', 'mutation($input: CardInput!) { setPaymentMethod(input: $input) { userErrors { code } } }', {
      number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123',
    });
    await row.getByText('Paid', { exact: true }).waitFor({ timeout: 5_000 });
    await page.getByRole('table', { name: 'Unpaid invoices' }).waitFor({ state: 'detached', timeout: 5_000 });
    expect(await stillNotReloaded(page)).toBe(true);

    await screenshot(page, 'invoices-live-paid-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'invoices-live-paid-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(owner.pageErrors).toEqual([]);
  });
});
