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

  it('replays every failed delivery since a time: says how many first, then how many were queued, and the receiver gets them again', async () => {
    const { page } = owner;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/integrations');
    const endpoint = page.getByRole('article', { name: `Endpoint ${hookUrl}` });
    await endpoint.getByRole('button', { name: 'Send test event' }).waitFor();
    // Deliveries queued from now on fail; the form takes whole minutes, so its time may reach back before now,
    // over deliveries that did not fail (which are not replayed).
    const since = new Date();
    for (let i = 0; i < 2; i++) {
      await endpoint.getByRole('button', { name: 'Send test event' }).click();
      await endpoint.getByRole('button', { name: 'Send test event' }).and(page.locator(':enabled')).waitFor();
    }
    await waitFor('two more test events', () => (received.filter((r) => r.body.includes('"webhook.test"')).length >= 3 ? true : undefined));
    // What the delivery job records after 3 days of refusals (the API tests make them fail for real).
    const failed = await server.db.webhookDelivery.updateMany({ where: { createdAt: { gte: since } }, data: { status: 'FAILED' } });
    expect(failed.count).toBe(2);
    const failedIds = (await server.db.webhookDelivery.findMany({ where: { status: 'FAILED' }, orderBy: { id: 'asc' } })).map((d) => d.eventId);
    received.length = 0;

    await page.reload();
    await endpoint.getByLabel('Failed since (UTC)').fill(since.toISOString().slice(0, 16));
    await endpoint.getByRole('button', { name: 'Replay failed deliveries…' }).click();
    const ask = endpoint.getByRole('group', { name: 'Confirm the replay' });
    await ask.getByText(/^Replay 2 failed deliveries queued since /).waitFor();
    await screenshot(page, 'integrations-replay-confirm-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await ask.scrollIntoViewIfNeeded();
    await screenshot(page, 'integrations-replay-confirm-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    await ask.getByRole('button', { name: 'Replay 2' }).click();
    await endpoint.getByRole('status').filter({ hasText: '2 failed deliveries were queued again.' }).waitFor();

    await waitFor('the replayed deliveries', () => (received.length >= 2 ? true : undefined));
    expect(received.map((r) => r.headers['webhook-id']).sort()).toEqual([...failedIds].sort());
    const deadline = Date.now() + 10_000;
    while ((await server.db.webhookDelivery.count({ where: { status: { not: 'DELIVERED' } } })) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await page.getByRole('button', { name: 'Refresh' }).click();
    await endpoint.getByRole('row').filter({ hasText: failedIds[0]! }).filter({ hasText: 'DELIVERED' }).waitFor({ timeout: 10_000 });
    await endpoint.getByRole('row').filter({ hasText: failedIds[1]! }).filter({ hasText: 'DELIVERED' }).waitFor({ timeout: 10_000 });
    expect(await server.db.webhookDelivery.count({ where: { status: { not: 'DELIVERED' } } })).toBe(0);
    await screenshot(page, 'integrations-replay-done-1440');
    expect(owner.pageErrors).toEqual([]);
  });
});
