import { randomBytes } from 'node:crypto';
import type { Prisma } from '@leaseboard/db';
import { notifyLive } from '../live/live-message.ts';
import type { Tx } from '../tx.ts';
import type { WebhookEventType } from './event-types.ts';
import { RETRY_WINDOW_MS } from './retry.rules.ts';

export interface WebhookEventInput {
  partnerId: number;
  type: WebhookEventType;
  /** Events with the same key reach each endpoint in the order they were emitted, e.g. `lease:42`. */
  orderingKey?: string | null;
  /** Read only when some endpoint wants the event: most changes of most partners have none. */
  data: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
  /** Only this endpoint (the "send a test event" button); otherwise every enabled endpoint that wants the type. */
  endpointId?: number;
  /** What the event is about, for live updates (open pages refetch it). */
  leaseId?: number;
  invoiceId?: number;
}

export function newEventId(): string {
  return `evt_${randomBytes(12).toString('hex')}`;
}

/**
 * Writes an event and one delivery per interested endpoint in the caller's transaction (nothing when no
 * endpoint wants it): they exist only if the change commits, and a process that dies before delivering
 * them loses nothing (the queue's per-minute run picks them up). Open pages hear of it when it commits (live updates). Returns the event id.
 */
export async function emitWebhookEvent(tx: Tx, event: WebhookEventInput, at: Date): Promise<string> {
  const id = newEventId();
  const orderingKey = event.orderingKey ?? null;
  const endpoints = await tx.webhookEndpoint.findMany({
    where: event.endpointId
      ? { id: event.endpointId, partnerId: event.partnerId }
      : { partnerId: event.partnerId, enabled: true, OR: [{ events: { isEmpty: true } }, { events: { has: event.type } }] },
    select: { id: true },
  });
  if (endpoints.length) {
    const data = typeof event.data === 'function' ? await event.data() : event.data;
    await tx.webhookEvent.create({
      data: { id, partnerId: event.partnerId, type: event.type, orderingKey, data: data as Prisma.InputJsonValue, createdAt: at },
    });
    await tx.webhookDelivery.createMany({
      data: endpoints.map((endpoint) => ({
        endpointId: endpoint.id,
        eventId: id,
        orderingKey,
        nextAttemptAt: at,
        giveUpAt: new Date(at.getTime() + RETRY_WINDOW_MS),
        createdAt: at,
      })),
    });
  }
  if (event.type !== 'webhook.test') {
    await notifyLive(tx, { partnerId: event.partnerId, type: event.type, eventId: id, leaseId: event.leaseId ?? null, invoiceId: event.invoiceId ?? null, exportId: null });
  }
  return id;
}
