import { fail, ok, type Result } from '../result.ts';
import { isWebhookEventType } from './event-types.ts';
import type { WebhookErrorCode } from './webhook-errors.ts';

export const MAX_DESCRIPTION = 200;

/** Event types must be known ones; duplicates go; an empty list means every type. */
export function checkEventTypes(events: string[]): Result<string[], WebhookErrorCode> {
  const unknown = events.find((event) => !isWebhookEventType(event));
  if (unknown !== undefined) return fail('UNKNOWN_EVENT_TYPE', `There is no event type ${JSON.stringify(unknown)}.`, ['events']);
  return ok([...new Set(events)].sort());
}

export function checkDescription(description: string): Result<string, WebhookErrorCode> {
  const trimmed = description.trim();
  if (trimmed.length > MAX_DESCRIPTION) return fail('DESCRIPTION_TOO_LONG', `Keep the description to ${MAX_DESCRIPTION} characters.`, ['description']);
  return ok(trimmed);
}
