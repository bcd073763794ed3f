import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signing in the Standard Webhooks style (https://www.standardwebhooks.com): the secret is `whsec_` and
 * base64 key bytes; the signature is HMAC-SHA256 over `${id}.${timestamp}.${body}`, sent base64 as
 * `v1,<sig>`; several signatures are separated by spaces (during a secret rotation both are sent).
 */
export const SECRET_PREFIX = 'whsec_';

export function generateWebhookSecret(random: (n: number) => Buffer = randomBytes): string {
  return SECRET_PREFIX + random(32).toString('base64');
}

export function signPayload(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three headers of a delivery, signed with every secret given (the current one first). */
export function signedHeaders(secrets: string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((secret) => signPayload(secret, id, timestampSeconds, body)).join(' '),
  };
}
