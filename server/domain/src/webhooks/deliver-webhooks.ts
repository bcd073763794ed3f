import type { Db } from '@leaseboard/db';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { enqueueMail } from '../outbox/enqueue-mail.ts';
import { WEBHOOK_API_VERSION } from './event-types.ts';
import { DISABLE_AFTER_MS, nextRetryAt } from './retry.rules.ts';
import { signedHeaders } from './signature.rules.ts';
import { checkWebhookUrl, type Resolver } from './url-guard.ts';
import { DELIVERY_TIMEOUT_MS, MAX_RESPONSE_BYTES, type WebhookSender } from './webhook-sender.ts';

export interface WebhookDeliveryDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  sender: WebhookSender;
  resolve: Resolver;
  allowLoopback: boolean;
  publicUrl: string;
  random?: () => number;
  /** 10 s unless a test shortens it. */
  timeoutMs?: number;
}

/** A claimed delivery is hidden from other workers this long: well past the 10 s timeout. */
const CLAIM_MS = 2 * 60_000;

interface Claimed {
  id: number;
  endpointId: number;
  eventId: string;
  attempts: number;
  giveUpAt: Date;
}

/**
 * Sends the due deliveries of enabled endpoints, at most `batchSize` at once. A delivery waits while an
 * earlier one with the same ordering key is still pending for its endpoint, so a lease's events arrive in
 * order; a claim hides a delivery from other workers, and one whose worker died is retried when it lapses.
 */
export async function deliverWebhooks(deps: WebhookDeliveryDeps, batchSize = 10): Promise<{ delivered: number; failed: number }> {
  const now = deps.clock.now();
  const claimed = await deps.db.$queryRaw<Claimed[]>`
    UPDATE "WebhookDelivery" SET "nextAttemptAt" = ${new Date(now.getTime() + CLAIM_MS)}
    WHERE id IN (
      SELECT d.id FROM "WebhookDelivery" d JOIN "WebhookEndpoint" e ON e.id = d."endpointId"
      WHERE d.status = 'PENDING' AND d."nextAttemptAt" <= ${now} AND e.enabled
        AND NOT EXISTS (
          SELECT 1 FROM "WebhookDelivery" p
          WHERE p."endpointId" = d."endpointId" AND p."orderingKey" = d."orderingKey" AND p.status = 'PENDING' AND p.id < d.id)
      ORDER BY d."nextAttemptAt", d.id
      LIMIT ${batchSize}
      FOR UPDATE OF d SKIP LOCKED)
    RETURNING id, "endpointId", "eventId", attempts, "giveUpAt"`;
  const outcomes = await Promise.all(claimed.map((delivery) => attempt(deps, delivery)));
  return { delivered: outcomes.filter(Boolean).length, failed: outcomes.filter((o) => !o).length };
}

async function attempt(deps: WebhookDeliveryDeps, delivery: Claimed): Promise<boolean> {
  const [endpoint, event] = await Promise.all([
    deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id: delivery.endpointId } }),
    deps.db.webhookEvent.findUniqueOrThrow({ where: { id: delivery.eventId } }),
  ]);
  const startedAt = deps.clock.now();
  const body = JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt.toISOString(), apiVersion: WEBHOOK_API_VERSION, data: event.data });
  const secrets = [endpoint.secret];
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > startedAt) secrets.push(endpoint.previousSecret);
  const headers = {
    ...signedHeaders(secrets, event.id, Math.floor(startedAt.getTime() / 1000), body),
    'content-type': 'application/json',
    'user-agent': `Leaseboard-Webhooks/${WEBHOOK_API_VERSION} (+${deps.publicUrl})`,
  };

  let statusCode: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  const started = performance.now();
  const allowed = await checkWebhookUrl(endpoint.url, { allowLoopback: deps.allowLoopback, resolve: deps.resolve });
  if (!allowed.ok) error = allowed.errors[0]!.message;
  else {
    try {
      const response = await deps.sender.send({ url: endpoint.url, headers, body, timeoutMs: deps.timeoutMs ?? DELIVERY_TIMEOUT_MS, maxResponseBytes: MAX_RESPONSE_BYTES, allowLoopback: deps.allowLoopback });
      statusCode = response.status;
      responseBody = response.body.slice(0, MAX_RESPONSE_BYTES);
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (failure) {
      error = (failure as Error).message.slice(0, 500);
    }
  }
  const durationMs = Math.round(performance.now() - started);
  const at = deps.clock.now();
  const attempts = delivery.attempts + 1;
  const succeeded = error === null;
  const retryAt = succeeded ? null : nextRetryAt(attempts, at, delivery.giveUpAt, deps.random);

  await deps.db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({ data: { deliveryId: delivery.id, attemptedAt: startedAt, statusCode, durationMs, responseBody, error } });
    await tx.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        attempts,
        lastStatusCode: statusCode,
        lastError: error,
        ...(succeeded ? { status: 'DELIVERED', deliveredAt: at } : retryAt ? { nextAttemptAt: retryAt } : { status: 'FAILED' }),
      },
    });
    if (succeeded) {
      await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { lastSuccessAt: at, failingSince: null } });
      return;
    }
    await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, failingSince: null }, data: { failingSince: startedAt } });
    const failingSince = endpoint.failingSince ?? startedAt;
    if (at.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS) {
      const disabled = await tx.webhookEndpoint.updateMany({
        where: { id: endpoint.id, enabled: true },
        data: { enabled: false, disabledReason: 'FAILING', disabledAt: at },
      });
      if (disabled.count) await mailOwners(tx, endpoint, deps.publicUrl, at);
    }
  });
  if (!succeeded) deps.logger.warn('webhook delivery failed', { deliveryId: delivery.id, endpointId: endpoint.id, attempts, statusCode, error, final: !retryAt });
  return succeeded;
}

async function mailOwners(
  tx: Parameters<Parameters<Db['$transaction']>[0]>[0],
  endpoint: { id: number; partnerId: number; url: string; failingSince: Date | null },
  publicUrl: string,
  at: Date,
): Promise<void> {
  const owners = await tx.user.findMany({ where: { partnerId: endpoint.partnerId, role: 'OWNER', active: true }, select: { email: true }, orderBy: { id: 'asc' } });
  if (!owners.length) return;
  await enqueueMail(
    tx,
    {
      partnerId: endpoint.partnerId,
      kind: 'webhook-disabled',
      to: owners.map((o) => o.email),
      subject: 'A webhook endpoint was disabled after 3 days of failures',
      text: [
        'Hello,',
        '',
        `Every delivery to your webhook endpoint ${endpoint.url} has failed since ${(endpoint.failingSince ?? at).toISOString()}, so Leaseboard has disabled it.`,
        'No further events are sent to it until it is enabled again. Failed deliveries can be replayed from the delivery log:',
        `${publicUrl}/integrations`,
      ].join('\n'),
    },
    at,
  );
}
