import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { fail, ok, type Result } from '../result.ts';
import { checkDescription, checkEventTypes } from './endpoint-input.rules.ts';
import { checkWebhookUrl } from './url-guard.ts';
import type { UrlCheckDeps, WebhookErrorCode } from './webhook-errors.ts';

export interface UpdateWebhookEndpointInput {
  endpointId: number;
  url?: string | null;
  description?: string | null;
  events?: string[] | null;
  /** false disables it; true enables it again (and forgets its failing streak). */
  enabled?: boolean | null;
}

/** Edits, disables or re-enables an endpoint of the partner; a new URL is checked like a new endpoint's. */
export async function updateWebhookEndpoint(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: UpdateWebhookEndpointInput,
  deps: UrlCheckDeps,
): Promise<Result<{ endpointId: number }, WebhookErrorCode>> {
  const data: Record<string, unknown> = { updatedAt: meta.at };
  if (input.events != null) {
    const events = checkEventTypes(input.events);
    if (!events.ok) return events;
    data.events = events.value;
  }
  if (input.description != null) {
    const description = checkDescription(input.description);
    if (!description.ok) return description;
    data.description = description.value;
  }
  if (input.url != null) {
    const url = await checkWebhookUrl(input.url.trim(), deps);
    if (!url.ok) return url;
    data.url = url.value.url.href;
  }
  if (input.enabled === false) Object.assign(data, { enabled: false, disabledReason: 'MANUAL', disabledAt: meta.at });
  if (input.enabled === true) Object.assign(data, { enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
  return db.$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findFirst({ where: { id: input.endpointId, partnerId }, select: { url: true, events: true, enabled: true } });
    if (!before) return fail('ENDPOINT_NOT_FOUND', 'No such webhook endpoint.', ['endpointId']);
    const after = await tx.webhookEndpoint.update({ where: { id: input.endpointId }, data, select: { url: true, events: true, enabled: true } });
    await recordAudit(tx, meta, { partnerId, action: 'webhook.update', targetType: 'WebhookEndpoint', targetId: input.endpointId, before, after });
    return ok({ endpointId: input.endpointId });
  });
}
