import type { ServerResponse } from 'node:http';
import { addOn, catalogOf, createPartner, signedInUser, startedLease } from '@leaseboard/domain/test/factories';
import { createTestServices, type TestServices } from '@leaseboard/domain/test/test-services';
import { silentLogger } from '@leaseboard/domain/logger';
import { modifyLease } from '@leaseboard/domain/leases/modify-lease';
import { stopLease } from '@leaseboard/domain/leases/stop-lease';
import { createWebhookEndpoint } from '@leaseboard/domain/webhooks/create-webhook-endpoint';
import { deliverWebhooks, type WebhookDeliveryDeps } from '@leaseboard/domain/webhooks/deliver-webhooks';
import { replayWebhookDeliveries } from '@leaseboard/domain/webhooks/replay-webhook-deliveries';
import { rotateWebhookSecret } from '@leaseboard/domain/webhooks/rotate-webhook-secret';
import { sendTestEvent } from '@leaseboard/domain/webhooks/send-test-event';
import type { Resolver } from '@leaseboard/domain/webhooks/url-guard';
import { verifyWebhook } from '@leaseboard/domain/webhooks/verify-webhook';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpWebhookSender } from '../../src/webhooks/http-webhook-sender.ts';
import { startReceiver, status } from './receiver.ts';

let services: TestServices;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let partnerId: number;
let owner: Awaited<ReturnType<typeof signedInUser>>['user'];
const sender = createHttpWebhookSender();
const dns: Record<string, string[]> = {};
const resolve: Resolver = async (host) => dns[host] ?? (host === 'localhost' ? ['127.0.0.1'] : []);
const urlDeps = { allowLoopback: true, resolve };

beforeAll(async () => {
  services = await createTestServices({ now: '2026-12-01T10:00:00Z' });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await services.close();
});
beforeEach(async () => {
  receiver.reset();
  await services.db.webhookEndpoint.deleteMany();
  const partner = await createPartner(services.db);
  partnerId = partner.id;
  owner = (await signedInUser(services.db, services.clock, partnerId, 'OWNER')).user;
});

function meta() {
  return { viewer: { kind: 'user' as const, userId: owner.id, partnerId, role: 'OWNER' as const, sessionId: 'test', scopes: new Set<never>(), label: owner.email }, ip: null, requestId: 'test', at: services.clock.now() };
}

function deps(overrides: Partial<WebhookDeliveryDeps> = {}): WebhookDeliveryDeps {
  return { db: services.db, clock: services.clock, logger: silentLogger, sender, resolve, allowLoopback: true, publicUrl: 'http://leaseboard.test', random: () => 1, ...overrides };
}

async function endpoint(url = receiver.url, events: string[] = []) {
  const created = await createWebhookEndpoint(services.db, partnerId, meta(), { url, events }, urlDeps);
  if (!created.ok) throw new Error(created.errors[0]!.code);
  return created.value;
}

/** Runs the delivery job until nothing is due now. */
async function drain(overrides: Partial<WebhookDeliveryDeps> = {}) {
  let total = { delivered: 0, failed: 0 };
  for (;;) {
    const run = await deliverWebhooks(deps(overrides));
    if (run.delivered + run.failed === 0) return total;
    total = { delivered: total.delivered + run.delivered, failed: total.failed + run.failed };
  }
}

const nowSeconds = () => Math.floor(services.clock.now().getTime() / 1000);
const typesReceived = () => receiver.received.map((r) => JSON.parse(r.body).type as string);

describe('webhook delivery to a real receiver', () => {
  describe('when a lease starts', () => {
    it('POSTs lease.started, signed with the endpoint secret, with the lease as the API returns it', async () => {
      const { secret } = await endpoint();
      const lease = await startedLease(services.db, services.clock, partnerId);
      expect(await drain()).toEqual({ delivered: 2, failed: 0 });
      expect(typesReceived()).toEqual(['customer.created', 'lease.started']);
      const request = receiver.received[1]!;
      const event = await verifyWebhook<{ lease: { leaseNumber: number; licenseKey: string; status: string } }>({
        secret,
        headers: request.headers as Record<string, string>,
        body: request.body,
        nowSeconds: nowSeconds(),
      });
      expect(event).toMatchObject({ type: 'lease.started', apiVersion: expect.any(String), data: { lease: { leaseNumber: lease.id, licenseKey: lease.displayKey, status: 'ACTIVE' } } });
      expect(request.headers['webhook-id']).toBe(event.id);
      const delivery = await services.db.webhookDelivery.findFirstOrThrow({ where: { eventId: event.id } });
      expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200 });
    });

    it('sends nothing to an endpoint that wants other event types', async () => {
      await endpoint(receiver.url, ['lease.stopped']);
      await startedLease(services.db, services.clock, partnerId);
      await drain();
      expect(receiver.received).toHaveLength(0);
    });
  });

  describe('after the secret is rotated', () => {
    it('signs with both secrets for 24 hours, then with the new one only', async () => {
      const { endpointId, secret: oldSecret } = await endpoint();
      const rotated = await rotateWebhookSecret(services.db, partnerId, meta(), { endpointId });
      if (!rotated.ok) throw new Error('rotate failed');
      await sendTestEvent(services.db, partnerId, meta(), { endpointId });
      await drain();
      const during = receiver.received[0]!;
      for (const secret of [oldSecret, rotated.value.secret]) {
        await expect(verifyWebhook({ secret, headers: during.headers as Record<string, string>, body: during.body, nowSeconds: nowSeconds() })).resolves.toMatchObject({ type: 'webhook.test' });
      }

      services.clock.advance(24 * 3_600_000 + 1000);
      await sendTestEvent(services.db, partnerId, meta(), { endpointId });
      await drain();
      const after = receiver.received[1]!;
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      await expect(verifyWebhook({ secret: rotated.value.secret, headers: after.headers as Record<string, string>, body: after.body, nowSeconds: nowSeconds() })).resolves.toBeTruthy();
      await expect(verifyWebhook({ secret: oldSecret, headers: after.headers as Record<string, string>, body: after.body, nowSeconds: nowSeconds() })).rejects.toThrow('No matching signature');
    });
  });

  describe('when the receiver answers 500, then recovers', () => {
    it('retries after the back-off, logging each attempt with its status, duration and truncated answer', async () => {
      const { endpointId } = await endpoint();
      receiver.replyNext(status(500, 'x'.repeat(10_000)));
      await sendTestEvent(services.db, partnerId, meta(), { endpointId });
      expect(await drain()).toEqual({ delivered: 0, failed: 1 });
      const delivery = await services.db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
      expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500' });
      expect(delivery.nextAttemptAt.getTime() - services.clock.now().getTime()).toBe(30_000);

      expect(await drain()).toEqual({ delivered: 0, failed: 0 });
      services.clock.advance(30_000);
      expect(await drain()).toEqual({ delivered: 1, failed: 0 });
      const log = await services.db.webhookAttempt.findMany({ where: { deliveryId: delivery.id }, orderBy: { id: 'asc' } });
      expect(log.map((a) => a.statusCode)).toEqual([500, 200]);
      expect(log[0]!.responseBody).toHaveLength(2048);
      expect(log.every((a) => a.durationMs >= 0)).toBe(true);
      const endpointRow = await services.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
      expect(endpointRow.failingSince).toBeNull();
    });
  });

  describe('when the receiver does not answer in time', () => {
    it('gives up on the attempt at the timeout and retries later', async () => {
      const { endpointId } = await endpoint();
      const hung: ServerResponse[] = [];
      receiver.replyNext((res) => hung.push(res));
      await sendTestEvent(services.db, partnerId, meta(), { endpointId });
      expect(await drain({ timeoutMs: 300 })).toEqual({ delivered: 0, failed: 1 });
      const delivery = await services.db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
      expect(delivery).toMatchObject({ status: 'PENDING', lastStatusCode: null, lastError: 'Timed out after 0.3 s' });
      hung.forEach((res) => res.destroy());
      services.clock.advance(30_000);
      expect(await drain()).toEqual({ delivered: 1, failed: 0 });
    });
  });

  describe('when the receiver redirects', () => {
    it('does not follow the redirect and counts the attempt as failed', async () => {
      const { endpointId } = await endpoint();
      receiver.replyNext((res) => {
        res.statusCode = 302;
        res.setHeader('location', `http://127.0.0.1:${receiver.port}/elsewhere`);
        res.end();
      });
      await sendTestEvent(services.db, partnerId, meta(), { endpointId });
      expect(await drain()).toEqual({ delivered: 0, failed: 1 });
      expect(receiver.received.map((r) => r.path)).toEqual(['/hook']);
      expect(await services.db.webhookDelivery.findFirstOrThrow({ where: { endpointId } })).toMatchObject({ lastStatusCode: 302, status: 'PENDING' });
    });
  });

  describe("when one lease's events pile up behind a failure", () => {
    it('delivers them in order: modified and stopped wait until started is delivered', async () => {
      await endpoint(receiver.url, ['lease.started', 'lease.modified', 'lease.stopped']);
      const lease = await startedLease(services.db, services.clock, partnerId);
      receiver.replyNext(status(503));
      expect(await drain()).toEqual({ delivered: 0, failed: 1 });

      const modified = await modifyLease(services.db, partnerId, meta(), { leaseId: lease.id, addAddOnIds: [addOn(await catalogOf(services.db), 'PREMIUM_ANTISPAM').id], removeAddOnIds: [] });
      const stopped = await stopLease(services.db, partnerId, meta(), { leaseId: lease.id });
      expect([modified.ok || modified.errors[0]!.code, stopped.ok]).toEqual([true, true]);
      expect(await drain()).toEqual({ delivered: 0, failed: 0 });

      services.clock.advance(30_000);
      await drain();
      expect(typesReceived()).toEqual(['lease.started', 'lease.started', 'lease.modified', 'lease.stopped']);
    });
  });

  describe('when an endpoint has only failed for 3 days', () => {
    it('marks its deliveries FAILED, disables it and emails its OWNER', async () => {
      const { endpointId } = await endpoint();
      receiver.replyAlways(status(500));
      await sendTestEvent(services.db, partnerId, meta(), { endpointId });
      let attempts = 0;
      for (let hour = 0; hour <= 73; hour++) {
        attempts += (await drain()).failed;
        services.clock.advance(3_600_000);
      }
      const delivery = await services.db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
      expect(delivery.status).toBe('FAILED');
      expect(attempts).toBe(delivery.attempts);
      expect(attempts).toBeGreaterThan(10);
      expect(await services.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).toMatchObject({ enabled: false, disabledReason: 'FAILING' });
      const mail = await services.db.outboxMessage.findFirstOrThrow({ where: { partnerId, kind: 'webhook-disabled' } });
      expect(mail.to).toEqual([owner.email]);
      expect(mail.text).toContain(receiver.url);

      receiver.received.length = 0;
      await sendTestEvent(services.db, partnerId, meta(), { endpointId });
      await drain();
      expect(receiver.received).toHaveLength(0);
    });
  });

  describe('when a failed delivery is replayed', () => {
    it('sends it again with the same event id, one delivery or every failed one since a time', async () => {
      const { endpointId } = await endpoint();
      await sendTestEvent(services.db, partnerId, meta(), { endpointId });
      await sendTestEvent(services.db, partnerId, meta(), { endpointId });
      await services.db.webhookDelivery.updateMany({ where: { endpointId }, data: { status: 'FAILED' } });
      const [first, second] = await services.db.webhookDelivery.findMany({ where: { endpointId }, orderBy: { id: 'asc' } });

      expect(await replayWebhookDeliveries(services.db, partnerId, meta(), { deliveryId: first!.id })).toMatchObject({ ok: true, value: { replayed: 1 } });
      await drain();
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([first!.eventId]);

      expect(await replayWebhookDeliveries(services.db, partnerId, meta(), { endpointId, failedSince: new Date('2026-01-01T00:00:00Z') })).toMatchObject({ ok: true, value: { replayed: 1 } });
      await drain();
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([first!.eventId, second!.eventId]);
    });

    it("does not replay another partner's delivery", async () => {
      const { endpointId } = await endpoint();
      await sendTestEvent(services.db, partnerId, meta(), { endpointId });
      const delivery = await services.db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
      const other = await createPartner(services.db);
      const replayed = await replayWebhookDeliveries(services.db, other.id, { ...meta() }, { deliveryId: delivery.id });
      expect(replayed.ok ? 'replayed' : replayed.errors[0]!.code).toBe('DELIVERY_NOT_FOUND');
    });
  });

  describe('when the host resolves to a loopback address at delivery time', () => {
    it('refuses to send outside development, and logs why', async () => {
      dns['hooks.partner.test'] = ['93.184.216.34'];
      const { endpointId } = await endpoint(`https://hooks.partner.test:${receiver.port}/hook`);
      dns['hooks.partner.test'] = ['127.0.0.1'];
      await sendTestEvent(services.db, partnerId, meta(), { endpointId });
      expect(await drain({ allowLoopback: false })).toEqual({ delivered: 0, failed: 1 });
      const attempt = await services.db.webhookAttempt.findFirstOrThrow({ where: { delivery: { endpointId } } });
      expect(attempt.error).toMatch(/resolves to 127\.0\.0\.1, a loopback address/);
      expect(receiver.received).toHaveLength(0);
    });

    it('the sender itself refuses to connect to a name that resolves to 127.0.0.1 (localhost)', async () => {
      const send = sender.send({ url: `http://localhost:${receiver.port}/hook`, headers: {}, body: '{}', timeoutMs: 2000, maxResponseBytes: 100, allowLoopback: false });
      await expect(send).rejects.toThrow(/Refused to connect to (127\.0\.0\.1|::1), a loopback address/);
      await expect(sender.send({ url: `http://127.0.0.1:${receiver.port}/hook`, headers: {}, body: '{}', timeoutMs: 2000, maxResponseBytes: 100, allowLoopback: false })).rejects.toThrow(/loopback/);
      expect(receiver.received).toHaveLength(0);
    });
  });
});
