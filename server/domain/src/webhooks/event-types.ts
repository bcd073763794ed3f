/** Every event a webhook endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'lease.started',
  'lease.modified',
  'lease.stopped',
  'license.activated',
  'license.deactivated',
  'license.idle',
  'invoice.created',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.past_due',
  'customer.created',
  'webhook.test',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The version of the payload's shape; receivers can branch on it when it changes. */
export const WEBHOOK_API_VERSION = '2026-12-01';

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
