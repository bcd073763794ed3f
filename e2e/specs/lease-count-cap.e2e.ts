import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { SESSION_COOKIE } from '@leaseboard/domain/auth/sessions';
import { createBulkCustomers } from '@leaseboard/domain/test/factories';
import { screenshot } from '../support/artifacts.ts';
import { launchBrowser, openPage } from '../support/browser.ts';
import { gql } from '../support/gql.ts';
import { seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { startServer, type TestServer } from '../support/server.ts';

/**
 * The lease list counts matches exactly up to a cap and then says "at least": with a test-only cap of 30
 * and 45 matching leases, the page says "30+ leases"; a narrower search is counted exactly.
 */
let server: TestServer;
let browser: Browser;
let token: string;

beforeAll(async () => {
  server = await startServer({ LEASE_COUNT_CAP: '30' });
  browser = await launchBrowser();
  await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  await seedUser(server.db, partner.id, 'MANAGER', 'manager@northwind.test');
  await createBulkCustomers(server.db, partner.id, 45); // bulk1@example.test … bulk45@example.test, one lease each
  token = await sessionToken(server.url, 'manager@northwind.test');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Leases page, when more leases match than the count cap', () => {
  it.each([
    ['desktop', { width: 1440, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ])('shows "1–25 of 30+ leases" on a broad search and the exact count on a narrow one (%s)', async (name, viewport) => {
    const { page, context, pageErrors } = await openPage(browser, server.url, token, viewport);
    await page.goto('/leases?q=bulk');
    const pager = page.getByRole('navigation', { name: 'Leases pages' });
    await pager.getByText('1–25 of 30+ leases').waitFor();
    await screenshot(page, `lease-count-cap-${name}`);

    await page.goto('/leases?q=bulk1');
    // bulk1, bulk10 … bulk19: 11 leases, under the cap, so exact and without the "+".
    await pager.getByText('1–11 of 11', { exact: true }).waitFor();
    expect(await pager.getByText('+').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('counts customers the same way on the Customers page', async () => {
    const { page, context, pageErrors } = await openPage(browser, server.url, token, { width: 1440, height: 900 });
    await page.goto('/customers?email=bulk');
    const pager = page.getByRole('navigation', { name: 'Customers pages' });
    await pager.getByText('1–25 of 30+ customers').waitFor();
    await page.goto('/customers?email=bulk1');
    await pager.getByText('1–11 of 11', { exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('gives the same answer to the API: a lower bound, and the exact count when asked', async () => {
    const query = `query($exact: Boolean) { leases(filter: { search: "bulk" }, first: 1, exactTotalCount: $exact) { totalCount totalCountIsExact } }`;
    const headers = { cookie: `${SESSION_COOKIE}=${token}` };
    const capped = await gql<{ leases: { totalCount: number; totalCountIsExact: boolean } }>(server.url, query, {}, headers);
    const exact = await gql<{ leases: { totalCount: number; totalCountIsExact: boolean } }>(server.url, query, { exact: true }, headers);
    expect(capped.data?.leases ?? capped.errors).toEqual({ totalCount: 30, totalCountIsExact: false });
    expect(exact.data?.leases ?? exact.errors).toEqual({ totalCount: 45, totalCountIsExact: true });
  });
});
