import { randomBytes } from 'node:crypto';
import type { Prisma } from '@leaseboard/db';
import { notifyLiveMany } from '../live/live-message.ts';
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
  return (await emitWebhookEvents(tx, [event], at))[0]!;
}

/** emitWebhookEvent for a batch (a billing run's invoices) in a fixed number of statements; ids in order. */
export async function emitWebhookEvents(tx: Tx, events: readonly WebhookEventInput[], at: Date): Promise<string[]> {
  if (events.length === 0) return [];
  const ids = events.map(() => newEventId());
  const endpoints = await tx.webhookEndpoint.findMany({
    where: {
      OR: [
        { partnerId: { in: [...new Set(events.filter((e) => !e.endpointId).map((e) => e.partnerId))] }, enabled: true },
        ...events.filter((e) => e.endpointId).map((e) => ({ id: e.endpointId!, partnerId: e.partnerId })),
      ],
    },
    select: { id: true, partnerId: true, events: true },
    orderBy: { id: 'asc' },
  });
  const wanting = (event: WebhookEventInput) =>
    event.endpointId
      ? endpoints.filter((endpoint) => endpoint.id === event.endpointId)
      : endpoints.filter((endpoint) => endpoint.partnerId === event.partnerId && (endpoint.events.length === 0 || endpoint.events.includes(event.type)));
  const rows: Prisma.WebhookEventCreateManyInput[] = [];
  const deliveries: Prisma.WebhookDeliveryCreateManyInput[] = [];
  for (const [index, event] of events.entries()) {
    const to = wanting(event);
    if (to.length === 0) continue;
    const id = ids[index]!;
    const orderingKey = event.orderingKey ?? null;
    const data = typeof event.data === 'function' ? await event.data() : event.data;
    rows.push({ id, partnerId: event.partnerId, type: event.type, orderingKey, data: data as Prisma.InputJsonValue, createdAt: at });
    for (const endpoint of to) {
      deliveries.push({ endpointId: endpoint.id, eventId: id, orderingKey, nextAttemptAt: at, giveUpAt: new Date(at.getTime() + RETRY_WINDOW_MS), createdAt: at });
    }
  }
  if (rows.length) {
    await tx.webhookEvent.createMany({ data: rows });
    await tx.webhookDelivery.createMany({ data: deliveries });
  }
  const live = events.flatMap((event, index) =>
    event.type === 'webhook.test'
      ? []
      : [{ partnerId: event.partnerId, type: event.type, eventId: ids[index]!, leaseId: event.leaseId ?? null, invoiceId: event.invoiceId ?? null, exportId: null }],
  );
  await notifyLiveMany(tx, live);
  return ids;
}
