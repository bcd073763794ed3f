import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { DELIVER_WEBHOOKS } from '../after-commit.ts';
import { fail, ok, type Result } from '../result.ts';
import { failedDeliveriesSince } from './failed-deliveries.ts';
import { RETRY_WINDOW_MS } from './retry.rules.ts';
import type { WebhookErrorCode } from './webhook-errors.ts';

export type ReplayInput = { deliveryId: number } | { endpointId: number; failedSince: Date };

/**
 * Sends deliveries again: one delivery (whatever its state), or every FAILED delivery of an endpoint
 * queued since a time. Each gets a fresh 3-day retry window; its earlier attempts stay in the log.
 */
export async function replayWebhookDeliveries(db: Db, partnerId: number, meta: RequestMeta, input: ReplayInput): Promise<Result<{ replayed: number; deliveryId: number | null; endpointId: number }, WebhookErrorCode>> {
  const data = { status: 'PENDING' as const, nextAttemptAt: meta.at, giveUpAt: new Date(meta.at.getTime() + RETRY_WINDOW_MS), deliveredAt: null };
  return db.$transaction(async (tx) => {
    if ('deliveryId' in input) {
      const delivery = await tx.webhookDelivery.findFirst({ where: { id: input.deliveryId, endpoint: { partnerId } }, select: { endpointId: true } });
      if (!delivery) return fail('DELIVERY_NOT_FOUND', 'No such delivery.', ['deliveryId']);
      await tx.webhookDelivery.update({ where: { id: input.deliveryId }, data });
      await recordAudit(tx, meta, { partnerId, action: 'webhook.replay', targetType: 'WebhookDelivery', targetId: input.deliveryId });
      return ok({ replayed: 1, deliveryId: input.deliveryId, endpointId: delivery.endpointId }, [DELIVER_WEBHOOKS]);
    }
    const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: input.endpointId, partnerId }, select: { id: true } });
    if (!endpoint) return fail('ENDPOINT_NOT_FOUND', 'No such webhook endpoint.', ['endpointId']);
    const replayed = await tx.webhookDelivery.updateMany({ where: failedDeliveriesSince(endpoint.id, input.failedSince), data });
    await recordAudit(tx, meta, { partnerId, action: 'webhook.replay', targetType: 'WebhookEndpoint', targetId: endpoint.id, after: { failedSince: input.failedSince, replayed: replayed.count } });
    return ok({ replayed: replayed.count, deliveryId: null, endpointId: endpoint.id }, [DELIVER_WEBHOOKS]);
  });
}
