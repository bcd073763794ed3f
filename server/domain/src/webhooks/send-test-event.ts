import type { Db } from '@leaseboard/db';
import type { RequestMeta } from '../audit/record-audit.ts';
import { DELIVER_WEBHOOKS } from '../after-commit.ts';
import { fail, ok, type Result } from '../result.ts';
import { emitWebhookEvent } from './emit-event.ts';
import type { WebhookErrorCode } from './webhook-errors.ts';

/** Queues a `webhook.test` event for one enabled endpoint (the "send a test event" button). */
export async function sendTestEvent(db: Db, partnerId: number, meta: RequestMeta, input: { endpointId: number }): Promise<Result<{ eventId: string; endpointId: number }, WebhookErrorCode>> {
  return db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: input.endpointId, partnerId }, select: { id: true, url: true, enabled: true } });
    if (!endpoint) return fail('ENDPOINT_NOT_FOUND', 'No such webhook endpoint.', ['endpointId']);
    if (!endpoint.enabled) return fail('ENDPOINT_DISABLED', 'Enable the endpoint before sending it a test event.', ['endpointId']);
    const eventId = await emitWebhookEvent(
      tx,
      { partnerId, type: 'webhook.test', endpointId: endpoint.id, data: { endpoint: { url: endpoint.url }, message: 'A test event from Leaseboard.' } },
      meta.at,
    );
    return ok({ eventId, endpointId: endpoint.id }, [DELIVER_WEBHOOKS]);
  });
}
