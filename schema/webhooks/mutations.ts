import { createWebhookEndpoint } from '@leaseboard/domain/webhooks/create-webhook-endpoint';
import { replayWebhookDeliveries } from '@leaseboard/domain/webhooks/replay-webhook-deliveries';
import { rotateWebhookSecret } from '@leaseboard/domain/webhooks/rotate-webhook-secret';
import { sendTestEvent } from '@leaseboard/domain/webhooks/send-test-event';
import { updateWebhookEndpoint } from '@leaseboard/domain/webhooks/update-webhook-endpoint';
import { systemResolver } from '@leaseboard/domain/webhooks/url-guard';
import { WEBHOOK_ERROR_CODES, type WebhookErrorCode } from '@leaseboard/domain/webhooks/webhook-errors';
import type { DomainError } from '@leaseboard/domain/result';
import { z } from 'zod';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { defineMutation } from '../mutation.ts';
import { multiFieldPayload, payloadType } from '../payload.ts';
import { userErrorType } from '../user-errors.ts';
import { WebhookDeliveryRef, WebhookEndpointRef } from './types.ts';

const WebhookUserError = userErrorType('Webhook', WEBHOOK_ERROR_CODES);
const access = { scope: 'webhooks:manage' } as const;
const urlDeps = (ctx: Context) => ({ allowLoopback: ctx.config.webhooksAllowLoopback, resolve: ctx.resolve ?? systemResolver });
const loadEndpoint = (id: number, ctx: Context) => ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id } });

type WithSecret = { endpoint: unknown; secret: string };
const EndpointWithSecretPayload = builder.objectRef<{ endpoint: unknown; secret: string | null; userErrors: DomainError<WebhookErrorCode>[] }>('WebhookEndpointSecretPayload').implement({
  fields: (t) => ({
    endpoint: t.field({ type: WebhookEndpointRef, nullable: true, resolve: (p) => p.endpoint as never }),
    secret: t.string({ nullable: true, description: 'The signing secret (whsec_…). Shown this once: keep it in your receiver.', resolve: (p) => p.secret }),
    userErrors: t.field({ type: [WebhookUserError], resolve: (p) => p.userErrors }),
  }),
});
const secretPayload = multiFieldPayload<WithSecret, WebhookErrorCode>(EndpointWithSecretPayload, ['endpoint', 'secret']);
type Replayed = { endpoint: unknown; replayed: number };
const ReplayedPayload = builder.objectRef<{ endpoint: unknown; replayed: number | null; userErrors: DomainError<WebhookErrorCode>[] }>('ReplayFailedWebhookDeliveriesPayload').implement({
  fields: (t) => ({
    endpoint: t.field({ type: WebhookEndpointRef, nullable: true, resolve: (p) => p.endpoint as never }),
    replayed: t.int({ nullable: true, description: 'How many failed deliveries were queued again.', resolve: (p) => p.replayed }),
    userErrors: t.field({ type: [WebhookUserError], resolve: (p) => p.userErrors }),
  }),
});
const replayedPayload = multiFieldPayload<Replayed, WebhookErrorCode>(ReplayedPayload, ['endpoint', 'replayed']);
const EndpointPayload = payloadType('WebhookEndpointPayload', 'endpoint', WebhookEndpointRef, WebhookUserError);
const DeliveryPayload = payloadType('WebhookDeliveryPayload', 'delivery', WebhookDeliveryRef, WebhookUserError);

const eventTypes = z.array(z.string().max(50)).max(20);

const CreateWebhookEndpointInput = builder.inputType('CreateWebhookEndpointInput', {
  fields: (t) => ({
    url: t.string({ validate: z.string().max(2048), description: 'https://…; plain http only to loopback, and only outside production.' }),
    description: t.string({ required: false, validate: z.string().max(500) }),
    events: t.stringList({ required: false, validate: eventTypes, description: 'Event types to send (webhookEventTypes); every type when left out or empty.' }),
  }),
});

defineMutation('createWebhookEndpoint', {
  description: 'Registers a webhook endpoint after checking that its address is public. The answer carries its signing secret, once.',
  access,
  partner: 'required',
  args: (arg) => ({ input: arg({ type: CreateWebhookEndpointInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => createWebhookEndpoint(ctx.db, partnerId, meta, input, urlDeps(ctx)),
  payload: secretPayload,
  load: async (value, ctx) => ({ endpoint: await loadEndpoint(value.endpointId, ctx), secret: value.secret }),
});

const UpdateWebhookEndpointInput = builder.inputType('UpdateWebhookEndpointInput', {
  description: 'Fields left out stay as they are.',
  fields: (t) => ({
    endpointId: t.globalID({ for: [WebhookEndpointRef] }),
    url: t.string({ required: false, validate: z.string().max(2048) }),
    description: t.string({ required: false, validate: z.string().max(500) }),
    events: t.stringList({ required: false, validate: eventTypes }),
    enabled: t.boolean({ required: false, description: 'false disables the endpoint; true enables it again.' }),
  }),
});

defineMutation('updateWebhookEndpoint', {
  description: 'Edits, disables or re-enables a webhook endpoint.',
  access,
  partner: 'required',
  args: (arg) => ({ input: arg({ type: UpdateWebhookEndpointInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => updateWebhookEndpoint(ctx.db, partnerId, meta, { ...input, endpointId: Number(input.endpointId.id) }, urlDeps(ctx)),
  payload: EndpointPayload,
  load: (value, ctx) => loadEndpoint(value.endpointId, ctx),
});

const EndpointIdInput = builder.inputType('WebhookEndpointIdInput', { fields: (t) => ({ endpointId: t.globalID({ for: [WebhookEndpointRef] }) }) });

defineMutation('rotateWebhookSecret', {
  description: 'Gives the endpoint a new signing secret (answered once); deliveries are signed with the old one too for 24 hours.',
  access,
  partner: 'required',
  args: (arg) => ({ input: arg({ type: EndpointIdInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => rotateWebhookSecret(ctx.db, partnerId, meta, { endpointId: Number(input.endpointId.id) }),
  payload: secretPayload,
  load: async (value, ctx) => ({ endpoint: await loadEndpoint(value.endpointId, ctx), secret: value.secret }),
});

defineMutation('sendTestWebhook', {
  description: 'Sends a webhook.test event to the endpoint; it shows in the delivery log.',
  access,
  partner: 'required',
  args: (arg) => ({ input: arg({ type: EndpointIdInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => sendTestEvent(ctx.db, partnerId, meta, { endpointId: Number(input.endpointId.id) }),
  payload: EndpointPayload,
  load: (value, ctx) => loadEndpoint(value.endpointId, ctx),
});

const ReplayDeliveryInput = builder.inputType('ReplayWebhookDeliveryInput', { fields: (t) => ({ deliveryId: t.globalID({ for: [WebhookDeliveryRef] }) }) });

defineMutation('replayWebhookDelivery', {
  description: 'Sends one delivery again, with the same event id, and a fresh 3 days of retries.',
  access,
  partner: 'required',
  args: (arg) => ({ input: arg({ type: ReplayDeliveryInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => replayWebhookDeliveries(ctx.db, partnerId, meta, { deliveryId: Number(input.deliveryId.id) }),
  payload: DeliveryPayload,
  load: (value, ctx) => ctx.db.webhookDelivery.findUniqueOrThrow({ where: { id: value.deliveryId! } }),
});

const ReplayFailedInput = builder.inputType('ReplayFailedWebhookDeliveriesInput', {
  fields: (t) => ({ endpointId: t.globalID({ for: [WebhookEndpointRef] }), since: t.field({ type: 'DateTime', description: 'Failed deliveries queued at or after this time.' }) }),
});

defineMutation('replayFailedWebhookDeliveries', {
  description: 'Sends every FAILED delivery of the endpoint since a time again.',
  access,
  partner: 'required',
  args: (arg) => ({ input: arg({ type: ReplayFailedInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    replayWebhookDeliveries(ctx.db, partnerId, meta, { endpointId: Number(input.endpointId.id), failedSince: input.since as Date }),
  payload: replayedPayload,
  load: async (value, ctx) => ({ endpoint: await loadEndpoint(value.endpointId, ctx), replayed: value.replayed }),
});
