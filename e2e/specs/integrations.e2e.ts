import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { verifyWebhook } from '@leaseboard/domain/webhooks/verify-webhook';
import { apiKeyFor } from '@leaseboard/domain/test/factories';
import { screenshot } from '../support/artifacts.ts';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { gql } from '../support/gql.ts';
import { productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { startServer, type TestServer } from '../support/server.ts';
import type { Catalog } from '@leaseboard/seed/index';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: TestServer;
let browser: Browser;
let owner: OpenPage;
let catalog: Catalog;
let partnerId: number;
let secret = '';
const received: Received[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.end('thanks');
  });
});
let hookUrl = '';

/** What the report's transcript shows: printed as the spec runs. */
const transcript = (line: string) => process.stdout.write(`[transcript] ${line}\n`);

async function waitFor<T>(what: string, find: () => T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/leaseboard`;
  server = await startServer({ WEBHOOKS_ALLOW_LOOPBACK: 'true' });
  browser = await launchBrowser();
  catalog = await seedCatalogOnce(server.db);
  partnerId = (await seedPartner(server.db)).id;
  await seedUser(server.db, partnerId, 'OWNER', 'owner@northwind.test');
  owner = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'), { width: 1440, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  receiver.closeAllConnections();
  await new Promise((done) => receiver.close(done));
});

describe('the Integrations page', () => {
  it('creates an endpoint, sends a test event the receiver gets, and shows it in the delivery log', async () => {
    const { page } = owner;
    await page.goto('/integrations');
    await page.getByRole('heading', { name: 'Getting started' }).waitFor();
    await page.getByLabel('Endpoint URL').fill(hookUrl);
    await page.getByLabel('Description').fill('Shop receiver');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const shown = page.getByRole('status').filter({ hasText: 'Signing secret' });
    secret = (await shown.locator('code.mono').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await shown.getByRole('button', { name: 'Done' }).click();

    const endpoint = page.getByRole('article', { name: `Endpoint ${hookUrl}` });
    await endpoint.getByRole('button', { name: 'Send test event' }).click();
    const test = await waitFor('the test event', () => received.find((r) => r.body.includes('"webhook.test"')));
    const event = await verifyWebhook({ secret, headers: test.headers as Record<string, string>, body: test.body });
    expect(event.type).toBe('webhook.test');

    await endpoint.getByRole('row').filter({ hasText: 'webhook.test' }).filter({ hasText: 'DELIVERED' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'integrations-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'integrations-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(owner.pageErrors).toEqual([]);
  });

  it('shows a lease the cart started in an open Leases page without a reload, and the receiver gets it signed', async () => {
    const { page } = owner;
    await page.goto('/leases');
    await page.getByRole('heading', { name: 'Leases' }).first().waitFor();
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const key = await apiKeyFor(server.db, partnerId, ['leases:write', 'leases:read']);
    const input = {
      productId: Buffer.from(`Product:${productBySku(catalog, 'SM-PRO-100').id}`).toString('base64'),
      customer: { email: 'live.cart@shop.example' },
      externalRef: 'order-1042',
      idempotencyKey: 'order-1042-start',
    };
    transcript(`cart → POST ${server.url}/graphql (Bearer ${key.key.prefix}…) startLease ${JSON.stringify({ input })}`);
    const started = await gql<{ startLease: { lease: { leaseNumber: number; licenseKey: string }; userErrors: unknown[] } }>(
      server.url,
      'mutation($input: StartLeaseInput!) { startLease(input: $input) { lease { leaseNumber licenseKey status } userErrors { code } } }',
      { input },
      key.headers,
    );
    const sentAt = Date.now();
    transcript(`cart ← ${JSON.stringify(started.data)}`);
    const { leaseNumber } = started.data.startLease.lease;

    await page.getByRole('cell', { name: 'live.cart@shop.example' }).first().waitFor({ timeout: 10_000 });
    transcript(`admin: lease ${leaseNumber} (live.cart@shop.example) appeared in the open Leases page ${Date.now() - sentAt} ms after the answer, without a reload`);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    const hook = await waitFor('lease.started', () => received.find((r) => r.body.includes('"lease.started"')));
    const event = await verifyWebhook<{ lease: { leaseNumber: number; externalRef: string } }>({ secret, headers: hook.headers as Record<string, string>, body: hook.body });
    transcript(`receiver got POST with webhook-id=${hook.headers['webhook-id']} webhook-timestamp=${hook.headers['webhook-timestamp']} webhook-signature=${hook.headers['webhook-signature']}`);
    transcript(`receiver body ${hook.body}`);
    transcript(`verifyWebhook(secret, headers, body) → ok: ${event.type} lease ${event.data.lease.leaseNumber} (${event.data.lease.externalRef})`);
    expect(event.data.lease.leaseNumber).toBe(leaseNumber);

    await screenshot(page, 'leases-live-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'leases-live-390');
    expect(owner.pageErrors).toEqual([]);
  });
});
