import { runBilling } from '@leaseboard/domain/billing/run-billing';
import { announceIdleLicenses } from '@leaseboard/domain/licenses/announce-idle-licenses';
import { silentLogger } from '@leaseboard/domain/logger';
import { billingDeps, CARDS, cardOnFile } from '@leaseboard/domain/test/billing-helpers';
import { createWebhookEndpoint } from '@leaseboard/domain/webhooks/create-webhook-endpoint';
import { deliverWebhooks } from '@leaseboard/domain/webhooks/deliver-webhooks';
import { verifyWebhook } from '@leaseboard/domain/webhooks/verify-webhook';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpWebhookSender } from '../../src/webhooks/http-webhook-sender.ts';
import { createPartner, signedInUser, startedLease } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';
import { startReceiver } from './receiver.ts';

const DAY = 86_400_000;
const INVOICE_FIELDS = 'id number period periodStart periodEnd status currency subtotalCents totalCents finalizedAt paidAt nextRetryAt createdAt';
const LEASE_FIELDS = 'id leaseNumber licenseKey status startedAt stoppedAt externalRef sendKeyTo machineName lastSeenAt version product { id sku name } customer { id email name company } addOns { id code name }';

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const sender = createHttpWebhookSender();
const resolve = async (host: string) => (host === 'localhost' ? ['127.0.0.1'] : []);

beforeAll(async () => {
  t = await createTestApp({ now: '2026-10-05T09:00:00Z' });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});
beforeEach(() => receiver.reset());

/** A partner with an OWNER and an endpoint at the receiver that wants `events`; its secret and the path it is called at. */
async function partnerWithEndpoint(events: string[]) {
  const partner = await createPartner(t.db);
  const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
  const meta = { viewer: { kind: 'user' as const, userId: owner.user.id, partnerId: partner.id, role: 'OWNER' as const, sessionId: 'test', scopes: new Set<never>(), label: 'owner' }, ip: null, requestId: 'test', at: t.clock.now() };
  const created = await createWebhookEndpoint(t.db, partner.id, meta, { url: `${receiver.url}/${partner.id}`, events }, { allowLoopback: true, resolve });
  if (!created.ok) throw new Error(created.errors[0]!.code);
  return { partner, secret: created.value.secret, path: `/hook/${partner.id}` };
}

/** Delivers every due webhook to the receiver; returns what the endpoint at `path` got, each verified with the secret. */
async function deliveredEvents<T = Record<string, any>>({ secret, path }: { secret: string; path: string }) {
  while ((await deliverWebhooks({ db: t.db, clock: t.clock, logger: silentLogger, sender, resolve, allowLoopback: true, publicUrl: 'http://leaseboard.test', random: () => 1 })).delivered > 0);
  const nowSeconds = Math.floor(t.clock.now().getTime() / 1000);
  return Promise.all(receiver.received.filter((r) => r.path === path).map((r) => verifyWebhook<T>({ secret, headers: r.headers as Record<string, string>, body: r.body, nowSeconds })));
}

/** What the API answers now to the partner's OWNER. */
async function throughApi(partnerId: number, query: string, variables: Record<string, unknown>) {
  const { headers } = await signedInUser(t.db, t.clock, partnerId, 'OWNER');
  return t.gql<Record<string, Record<string, unknown>>>(query, variables, headers);
}

async function invoiceThroughApi(partnerId: number, id: string) {
  const answer = await throughApi(partnerId, `query($id: ID!) { node(id: $id) { ... on Invoice { ${INVOICE_FIELDS} } } }`, { id });
  expect(answer.errors).toBeUndefined();
  return answer.data['node'];
}

describe('invoice webhooks', () => {
  describe('when a month is billed and the card on file pays', () => {
    it('sends invoice.created, invoice.finalized and invoice.paid, in order, each with the invoice as the API returns it then', async () => {
      const { partner, ...endpoint } = await partnerWithEndpoint(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_failed', 'invoice.past_due']);
      await cardOnFile(billingDeps(t.db, t.clock), partner.id);
      await startedLease(t.db, t.clock, partner.id);
      t.clock.set('2026-11-01T00:10:00Z');
      await runBilling(billingDeps(t.db, t.clock), { period: '2026-10', partnerIds: [partner.id] });

      const events = await deliveredEvents<{ invoice: Record<string, unknown> }>(endpoint);
      expect(events.map((e) => [e.type, e.data.invoice['status']])).toEqual([
        ['invoice.created', 'DRAFT'],
        ['invoice.finalized', 'OPEN'],
        ['invoice.paid', 'PAID'],
      ]);
      expect(events[1]!.data.invoice['number']).toMatch(/^INV-2026-\d{6}$/);
      const invoiceId = events[0]!.data.invoice['id'] as string;
      expect(events.every((e) => e.data.invoice['id'] === invoiceId)).toBe(true);
      expect(events[2]!.data.invoice).toEqual(await invoiceThroughApi(partner.id, invoiceId));
    });
  });

  describe('when the card on file is declined for good', () => {
    it('sends invoice.payment_failed with the attempt, then invoice.past_due', async () => {
      t.clock.set('2026-10-05T09:00:00Z');
      const { partner, ...endpoint } = await partnerWithEndpoint(['invoice.payment_failed', 'invoice.past_due', 'invoice.paid']);
      await cardOnFile(billingDeps(t.db, t.clock), partner.id, CARDS.hardDecline);
      await startedLease(t.db, t.clock, partner.id);
      t.clock.set('2026-11-01T00:10:00Z');
      await runBilling(billingDeps(t.db, t.clock), { period: '2026-10', partnerIds: [partner.id] });

      const events = await deliveredEvents<{ invoice: Record<string, unknown>; paymentAttempt?: Record<string, unknown> }>(endpoint);
      expect(events.map((e) => e.type)).toEqual(['invoice.payment_failed', 'invoice.past_due']);
      expect(events[0]!.data.paymentAttempt).toEqual({ attemptNumber: 1, amountCents: events[0]!.data.invoice['totalCents'], declineCode: 'stolen_card', hardDecline: true });
      expect(events[1]!.data.invoice).toEqual(await invoiceThroughApi(partner.id, events[1]!.data.invoice['id'] as string));
      expect(events[1]!.data.invoice['status']).toBe('PAST_DUE');
    });
  });

  describe('when the change rolls back', () => {
    it('leaves no event behind', async () => {
      t.clock.set('2026-10-05T09:00:00Z');
      const { partner } = await partnerWithEndpoint([]);
      await startedLease(t.db, t.clock, partner.id);
      const before = await t.db.webhookEvent.count({ where: { partnerId: partner.id } });
      t.clock.set('2026-11-01T00:10:00Z');
      const { writeInvoices, prepareInvoices } = await import('@leaseboard/domain/billing/generate-invoice');
      const { loadPriceBook } = await import('@leaseboard/domain/billing/load-price-book');
      const prepared = await prepareInvoices(t.db, '2026-10', [partner.id], await loadPriceBook(t.db));
      // The lines insert fails after the invoice row and its invoice.created are written: the transaction rolls back.
      await t.db.$executeRawUnsafe(`ALTER TABLE "InvoiceLine" ADD CONSTRAINT lb_test_refuse CHECK ("amountCents" < 0) NOT VALID`);
      await expect(writeInvoices(t.db, t.clock, prepared)).rejects.toThrow();
      await t.db.$executeRawUnsafe(`ALTER TABLE "InvoiceLine" DROP CONSTRAINT lb_test_refuse`);
      expect(await t.db.webhookEvent.count({ where: { partnerId: partner.id } })).toBe(before);
    });
  });
});

describe('license.idle', () => {
  it('is sent once per quiet spell of 30 days, and again after the license is seen and goes quiet again', async () => {
    t.clock.set('2026-10-05T09:00:00Z');
    const { partner, ...endpoint } = await partnerWithEndpoint(['license.idle']);
    const lease = await startedLease(t.db, t.clock, partner.id);
    const other = await startedLease(t.db, t.clock, (await createPartner(t.db)).id);
    const activate = async (key: string) => {
      const answer = await t.gql<{ activateLicense: { code: string } }>('mutation($input: LicenseRequestInput!) { activateLicense(input: $input) { code } }', { input: { key, serverName: 'mail.example.test' } });
      expect(answer.data.activateLicense.code).toBe('VALID');
    };
    await activate(lease.displayKey);
    await activate(other.displayKey);

    t.clock.advance(29 * DAY);
    expect(await announceIdleLicenses(t.db, t.clock.now())).toBe(0);
    t.clock.advance(1 * DAY);
    expect(await announceIdleLicenses(t.db, t.clock.now())).toBe(2);
    expect(await announceIdleLicenses(t.db, t.clock.now())).toBe(0);
    t.clock.advance(5 * DAY);
    expect(await announceIdleLicenses(t.db, t.clock.now())).toBe(0);

    const first = await deliveredEvents<{ lease: Record<string, unknown> }>(endpoint);
    expect(first.map((e) => [e.type, e.data.lease['leaseNumber']])).toEqual([['license.idle', lease.id]]);
    const answer = await throughApi(partner.id, `query($n: Int!) { lease(leaseNumber: $n) { ${LEASE_FIELDS} } }`, { n: lease.id });
    expect(first[0]!.data.lease).toEqual(answer.data['lease']);

    receiver.reset();
    await activate(lease.displayKey);
    t.clock.advance(29 * DAY);
    expect(await announceIdleLicenses(t.db, t.clock.now())).toBe(0);
    t.clock.advance(1 * DAY);
    expect(await announceIdleLicenses(t.db, t.clock.now())).toBe(1);
    expect((await deliveredEvents(endpoint)).map((e) => e.type)).toEqual(['license.idle']);
  });

  it('is not sent for a lease whose license was never activated', async () => {
    t.clock.set('2026-10-05T09:00:00Z');
    const { partner } = await partnerWithEndpoint(['license.idle']);
    await startedLease(t.db, t.clock, partner.id);
    t.clock.advance(60 * DAY);
    expect(await announceIdleLicenses(t.db, t.clock.now())).toBe(0);
  });
});
