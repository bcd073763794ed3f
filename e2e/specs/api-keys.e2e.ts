import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { gql } from '../support/gql.ts';
import { productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { startServer, type TestServer } from '../support/server.ts';
import type { Catalog } from '@leaseboard/seed/index';

let server: TestServer;
let browser: Browser;
let owner: OpenPage;
let catalog: Catalog;
let secret = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test');
  owner = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const START = 'mutation($input: StartLeaseInput!) { startLease(input: $input) { lease { leaseNumber } userErrors { code } } }';

describe('API keys', () => {
  it('creates a key with chosen permissions and shows it once', async () => {
    const { page } = owner;
    await page.goto('/account/api-keys');
    await page.getByText('No API keys yet.').waitFor();
    await page.getByRole('button', { name: 'Create an API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API key' });
    await dialog.getByLabel('Name').fill('WHMCS cart');
    await dialog.getByRole('checkbox', { name: 'Start, modify and stop leases' }).check();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('dialog', { name: 'API key created' });
    secret = await shown.getByRole('textbox', { name: 'API key' }).inputValue();
    expect(secret).toMatch(/^lbk_/);

    const stored = await server.db.apiKey.findFirstOrThrow({ where: { name: 'WHMCS cart' } });
    expect(stored.scopes.sort()).toEqual(['leases:read', 'leases:write']);
    expect(secret.startsWith(stored.prefix)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(secret);

    await shown.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: 'WHMCS cart', exact: true }).waitFor();
  });

  it('works from outside the browser, within its permissions', async () => {
    const auth = { authorization: `Bearer ${secret}` };
    const me = await gql<{ me: { kind: string; scopes: string[] } }>(server.url, '{ me { kind scopes } }', {}, auth);
    expect(me.data.me).toEqual({ kind: 'apiKey', scopes: ['leases:read', 'leases:write'] });

    const started = await gql<{ startLease: { lease: { leaseNumber: number }; userErrors: unknown[] } }>(server.url, START, {
      input: { productId: Buffer.from(`Product:${productBySku(catalog, 'SM-PRO-100').id}`).toString('base64'), customer: { email: 'cart@shop.example' } },
    }, auth);
    expect(started.data.startLease.userErrors).toEqual([]);
    const lease = await server.db.lease.findUniqueOrThrow({ where: { id: started.data.startLease.lease.leaseNumber } });
    expect(lease.customerEmailNorm).toBe('cart@shop.example');

    const invoices = await gql(server.url, '{ invoices(first: 1) { totalCount } }', {}, auth);
    expect(invoices.errors?.[0]?.message).toMatch(/not authorized/i);
  });

  it('is refused once revoked in the UI', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Revoke WHMCS cart' }).click();
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByRole('cell', { name: /^Revoked/ }).waitFor();
    const after = await gql(server.url, '{ me { kind } }', {}, { authorization: `Bearer ${secret}` });
    expect(after.status).toBe(401);
    expect((await server.db.apiKey.findFirstOrThrow({ where: { name: 'WHMCS cart' } })).revokedAt).not.toBeNull();
    expect(owner.pageErrors).toEqual([]);
  });
});
