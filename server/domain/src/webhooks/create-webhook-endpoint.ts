import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { fail, ok, type Result } from '../result.ts';
import { checkDescription, checkEventTypes } from './endpoint-input.rules.ts';
import { generateWebhookSecret } from './signature.rules.ts';
import { checkWebhookUrl } from './url-guard.ts';
import type { UrlCheckDeps, WebhookErrorCode } from './webhook-errors.ts';

export interface CreateWebhookEndpointInput {
  url: string;
  description?: string | null;
  /** Empty or omitted: every event type. */
  events?: string[] | null;
}

const MAX_ENDPOINTS = 20;

/** Registers an endpoint after the SSRF check; the signing secret is returned once, here. */
export async function createWebhookEndpoint(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: CreateWebhookEndpointInput,
  deps: UrlCheckDeps,
): Promise<Result<{ endpointId: number; secret: string }, WebhookErrorCode>> {
  const events = checkEventTypes(input.events ?? []);
  if (!events.ok) return events;
  const description = checkDescription(input.description ?? '');
  if (!description.ok) return description;
  const url = await checkWebhookUrl(input.url.trim(), deps);
  if (!url.ok) return url;
  return db.$transaction(async (tx) => {
    if ((await tx.webhookEndpoint.count({ where: { partnerId } })) >= MAX_ENDPOINTS) {
      return fail('TOO_MANY_ENDPOINTS', `A partner can register up to ${MAX_ENDPOINTS} endpoints.`, ['url']);
    }
    const secret = generateWebhookSecret();
    const endpoint = await tx.webhookEndpoint.create({
      data: { partnerId, url: url.value.url.href, description: description.value, events: events.value, secret, createdAt: meta.at, updatedAt: meta.at },
    });
    await recordAudit(tx, meta, { partnerId, action: 'webhook.create', targetType: 'WebhookEndpoint', targetId: endpoint.id, after: { url: endpoint.url, events: endpoint.events } });
    return ok({ endpointId: endpoint.id, secret });
  });
}
