import { createWebhookEndpoint } from '@leaseboard/domain/webhooks/create-webhook-endpoint';
import { deliverWebhooks } from '@leaseboard/domain/webhooks/deliver-webhooks';
import { sendTestEvent } from '@leaseboard/domain/webhooks/send-test-event';
import { silentLogger } from '@leaseboard/domain/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpWebhookSender } from '../../src/webhooks/http-webhook-sender.ts';
import { createPartner, gid, signedInUser } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';
import { startReceiver } from './receiver.ts';

const COUNT = 'query($id: ID!, $since: DateTime!) { node(id: $id) { ... on WebhookEndpoint { failedDeliveryCount(since: $since) } } }';
const REPLAY = 'mutation($input: ReplayFailedWebhookDeliveriesInput!) { replayFailedWebhookDeliveries(input: $input) { replayed endpoint { url } userErrors { code field } } }';

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const resolve = async () => [] as string[];

beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-01T10:00:00Z' });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

/** A partner's endpoint with three deliveries queued an hour apart that all FAILED, and its OWNER's headers. */
async function endpointWithFailures() {
  const partner = await createPartner(t.db);
  const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
  const meta = () => ({ viewer: { kind: 'user' as const, userId: owner.user.id, partnerId: partner.id, role: 'OWNER' as const, sessionId: 's', scopes: new Set<never>(), label: 'owner' }, ip: null, requestId: 't', at: t.clock.now() });
  const created = await createWebhookEndpoint(t.db, partner.id, meta(), { url: `${receiver.url}/${partner.id}` }, { allowLoopback: true, resolve });
  if (!created.ok) throw new Error(created.errors[0]!.code);
  const { endpointId } = created.value;
  const queuedAt: Date[] = [];
  for (let i = 0; i < 3; i++) {
    queuedAt.push(t.clock.now());
    await sendTestEvent(t.db, partner.id, meta(), { endpointId });
    t.clock.advance(3_600_000);
  }
  // What the delivery job does once the 3 days of retries are over.
  await t.db.webhookDelivery.updateMany({ where: { endpointId }, data: { status: 'FAILED' } });
  return { partner, endpointId, gid: gid('WebhookEndpoint', endpointId), headers: owner.headers, queuedAt };
}

describe('replayFailedWebhookDeliveries through the API', () => {
  describe('when deliveries failed before and after the time given', () => {
    it('counts, then replays, only those queued at or after it, and the receiver gets them again', async () => {
      const e = await endpointWithFailures();
      const since = e.queuedAt[1]!.toISOString();
      const count = await t.gql<{ node: { failedDeliveryCount: number } }>(COUNT, { id: e.gid, since }, e.headers);
      expect(count.data.node.failedDeliveryCount).toBe(2);

      const replay = await t.gql<{ replayFailedWebhookDeliveries: { replayed: number; endpoint: { url: string }; userErrors: unknown[] } }>(REPLAY, { input: { endpointId: e.gid, since } }, e.headers);
      expect(replay.data.replayFailedWebhookDeliveries).toEqual({ replayed: 2, endpoint: { url: `${receiver.url}/${e.partner.id}` }, userErrors: [] });
      expect((await t.gql<{ node: { failedDeliveryCount: number } }>(COUNT, { id: e.gid, since }, e.headers)).data.node.failedDeliveryCount).toBe(0);

      await deliverWebhooks({ db: t.db, clock: t.clock, logger: silentLogger, sender: createHttpWebhookSender(), resolve, allowLoopback: true, publicUrl: 'http://leaseboard.test', random: () => 1 });
      const got = receiver.received.filter((r) => r.path === `/hook/${e.partner.id}`);
      const replayedIds = (await t.db.webhookDelivery.findMany({ where: { endpointId: e.endpointId, createdAt: { gte: e.queuedAt[1] } }, orderBy: { id: 'asc' } })).map((d) => d.eventId);
      expect(got.map((r) => r.headers['webhook-id'])).toEqual(replayedIds);
      expect(await t.db.webhookDelivery.findMany({ where: { endpointId: e.endpointId }, orderBy: { id: 'asc' }, select: { status: true } })).toEqual([
        { status: 'FAILED' },
        { status: 'DELIVERED' },
        { status: 'DELIVERED' },
      ]);
    });
  });

  describe("when another partner's OWNER asks", () => {
    it('neither counts nor replays, and nothing changes', async () => {
      const e = await endpointWithFailures();
      const stranger = await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'OWNER');
      const since = '2026-01-01T00:00:00Z';
      const count = await t.gql<{ node: null }>(COUNT, { id: e.gid, since }, stranger.headers);
      expect(count.data.node).toBeNull();
      const replay = await t.gql<{ replayFailedWebhookDeliveries: unknown }>(REPLAY, { input: { endpointId: e.gid, since } }, stranger.headers);
      expect(replay.data.replayFailedWebhookDeliveries).toEqual({ replayed: null, endpoint: null, userErrors: [{ code: 'ENDPOINT_NOT_FOUND', field: ['endpointId'] }] });
      expect(await t.db.webhookDelivery.count({ where: { endpointId: e.endpointId, status: 'FAILED' } })).toBe(3);
    });
  });

  describe('when the since time is not a date-time', () => {
    it('refuses the request and replays nothing', async () => {
      const e = await endpointWithFailures();
      const replay = await t.gql(REPLAY, { input: { endpointId: e.gid, since: 'yesterday' } }, e.headers);
      expect(replay.errors?.length).toBe(1);
      expect(await t.db.webhookDelivery.count({ where: { endpointId: e.endpointId, status: 'FAILED' } })).toBe(3);
    });
  });
});
