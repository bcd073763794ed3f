/**
 * Verifies a Leaseboard webhook on the receiving side. Self-contained on purpose: no imports, only the
 * Web Crypto API (Node 18+, Deno, Bun, browsers, edge runtimes), so partners can copy this file as is.
 *
 *   const event = await verifyWebhook({ secret: process.env.LEASEBOARD_WEBHOOK_SECRET, headers, body: rawBody });
 *
 * `body` must be the raw request body as received (not re-serialised JSON). Throws WebhookVerificationError
 * when the signature does not match any `v1` signature in the header, or the timestamp is further than
 * `toleranceSeconds` (default 5 minutes) from now, which stops replays of an old request.
 */
export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

export interface VerifyWebhookOptions {
  /** The endpoint's signing secret, `whsec_…`. */
  secret: string;
  /** Request headers: a Headers object or a plain object (header names in any case). */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The raw body, as text. */
  body: string;
  toleranceSeconds?: number;
  /** Seconds since the epoch; defaults to the current time. */
  nowSeconds?: number;
}

export interface WebhookEventEnvelope<Data = unknown> {
  id: string;
  type: string;
  createdAt: string;
  apiVersion: string;
  data: Data;
}

export async function verifyWebhook<Data = unknown>(options: VerifyWebhookOptions): Promise<WebhookEventEnvelope<Data>> {
  const id = header(options.headers, 'webhook-id');
  const timestamp = header(options.headers, 'webhook-timestamp');
  const signatures = header(options.headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature header');
  const sentAt = Number(timestamp);
  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError('Invalid webhook-timestamp');
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - sentAt) > (options.toleranceSeconds ?? 300)) throw new WebhookVerificationError('Timestamp outside the tolerance');

  const secret = options.secret.startsWith('whsec_') ? options.secret.slice('whsec_'.length) : options.secret;
  const key = await crypto.subtle.importKey('raw', fromBase64(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${options.body}`)));
  const expected = toBase64(mac);
  const matches = signatures
    .split(' ')
    .map((part) => part.split(','))
    .some(([version, signature]) => version === 'v1' && signature !== undefined && constantTimeEqual(signature, expected));
  if (!matches) throw new WebhookVerificationError('No matching signature');
  return JSON.parse(options.body) as WebhookEventEnvelope<Data>;
}

function header(headers: VerifyWebhookOptions['headers'], name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(entry) ? entry[0] : entry;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
