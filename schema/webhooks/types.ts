import { WEBHOOK_EVENT_TYPES } from '@leaseboard/domain/webhooks/event-types';
import { countFailedDeliveries } from '@leaseboard/domain/webhooks/failed-deliveries';
import { builder } from '../builder.ts';
import { tenantWhere } from '../tenancy.ts';

export const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', { values: ['PENDING', 'DELIVERED', 'FAILED'] as const });

export const WebhookEndpointRef = builder.prismaNode('WebhookEndpoint', {
  id: { field: 'id' },
  description: 'Where your webhooks go. Its signing secret is shown once, when it is created or rotated.',
  findUnique: (id, ctx) => ({ id: Number(id), ...tenantWhere(ctx) }),
  authScopes: { scope: 'webhooks:manage' },
  fields: (t) => ({
    url: t.exposeString('url'),
    description: t.exposeString('description'),
    events: t.exposeStringList('events', { description: 'The event types sent here; empty means every type.' }),
    enabled: t.exposeBoolean('enabled'),
    disabledReason: t.exposeString('disabledReason', { nullable: true, description: 'MANUAL, or FAILING after 3 days of failed deliveries.' }),
    failingSince: t.expose('failingSince', { type: 'DateTime', nullable: true }),
    lastSuccessAt: t.expose('lastSuccessAt', { type: 'DateTime', nullable: true }),
    previousSecretExpiresAt: t.expose('previousSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'After a rotation, deliveries carry a signature with the old secret too until this time.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveries: t.relatedConnection('deliveries', { cursor: 'id', query: { orderBy: { id: 'desc' } }, description: 'The delivery log, newest first (kept 30 days).' }),
    failedDeliveryCount: t.int({
      description: 'How many FAILED deliveries were queued at or after `since`: what replayFailedWebhookDeliveries would send again.',
      args: { since: t.arg({ type: 'DateTime', required: true }) },
      resolve: (endpoint, args, ctx) => countFailedDeliveries(ctx.db, endpoint.id, args.since as Date),
    }),
  }),
});

export const WebhookDeliveryRef = builder.prismaNode('WebhookDelivery', {
  id: { field: 'id' },
  description: 'One event sent to one endpoint, with every attempt.',
  findUnique: (id, ctx) => ({ id: Number(id), endpoint: tenantWhere(ctx) }),
  authScopes: { scope: 'webhooks:manage' },
  fields: (t) => ({
    eventId: t.exposeString('eventId', { description: 'Also the webhook-id header: de-duplicate on it.' }),
    eventType: t.string({ select: { event: { select: { type: true } } }, resolve: (d) => d.event.type }),
    status: t.expose('status', { type: DeliveryStatusEnum }),
    attemptCount: t.exposeInt('attempts'),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => (d.status === 'PENDING' ? d.nextAttemptAt : null) }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    attempts: t.relation('log', { query: { orderBy: { id: 'asc' } } }),
  }),
});

builder.prismaObject('WebhookAttempt', {
  description: 'One HTTP attempt of a delivery.',
  fields: (t) => ({
    attemptedAt: t.expose('attemptedAt', { type: 'DateTime' }),
    statusCode: t.exposeInt('statusCode', { nullable: true }),
    durationMs: t.exposeInt('durationMs'),
    responseBody: t.exposeString('responseBody', { nullable: true, description: 'The first 2 KiB of the answer.' }),
    error: t.exposeString('error', { nullable: true }),
  }),
});

builder.queryField('webhookEndpoints', (t) =>
  t.prismaField({
    type: ['WebhookEndpoint'],
    description: "Your partner's webhook endpoints, oldest first.",
    authScopes: { scope: 'webhooks:manage' },
    resolve: (query, _root, _args, ctx) => ctx.db.webhookEndpoint.findMany({ ...query, where: tenantWhere(ctx), orderBy: { id: 'asc' } }),
  }),
);

builder.queryField('webhookEventTypes', (t) =>
  t.stringList({ description: 'Every event type an endpoint can subscribe to.', resolve: () => [...WEBHOOK_EVENT_TYPES] }),
);
