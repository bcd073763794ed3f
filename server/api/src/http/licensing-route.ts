import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { anonymousViewer } from '@leaseboard/domain/auth/viewer';
import type { Services } from '@leaseboard/domain/services';
import { activateLicense } from '@leaseboard/domain/licenses/activate-license';
import { deactivateLicense } from '@leaseboard/domain/licenses/deactivate-license';
import { validateLicense } from '@leaseboard/domain/licenses/validate-license';
import type { LicenseAnswer } from '@leaseboard/domain/licenses/license-answer';
import { rateLimitStoreOf } from '@leaseboard/domain/rate-limit/rate-limit-store';
import { LONE_SURROGATE } from './input-limits.ts';
import { CLIENT_IP_HEADER } from './node-adapter.ts';
import type { Route } from './routes.ts';

/** The shape of a licensing request; the same limits as the GraphQL input. */
export const LicenseRequestSchema = z.object({
  key: z.string().min(1).max(100),
  serverName: z.string().trim().min(1).max(255).refine((v) => /^[^\u0000-\u001f\u007f]+$/.test(v) && !LONE_SURROGATE.test(v), 'must be printable text'),
  ip: z.preprocess((v) => (v === '' ? null : v), z.string().max(64).refine((v) => isIP(v) !== 0, 'must be an IPv4 or IPv6 address').nullish()),
  fingerprint: z.string().max(255).refine((v) => !v.includes('\u0000') && !LONE_SURROGATE.test(v), 'must be printable text').nullish(),
});

const HANDLERS = { activate: activateLicense, validate: validateLicense, deactivate: deactivateLicense } as const;
const MAX_BODY_BYTES = 4096;

/**
 * POST /licensing/activate | validate | deactivate with a JSON body { key, serverName, ip?, fingerprint? }.
 * The key is the credential, so no session or API key is needed. Every license answer is 200 with
 * { code, valid, message, ... } (codes in domain/licenses/license-codes.ts), except RATE_LIMITED: 429 with
 * Retry-After. A body that is not such JSON is 400.
 */
export const licensingRoute: Route = async (request, url, services) => {
  const match = /^\/licensing\/(activate|validate|deactivate)\/?$/.exec(url.pathname);
  if (!match) return null;
  if (request.method !== 'POST') return json({ error: 'Use POST with a JSON body.' }, 405, { allow: 'POST' });
  const body = await readJson(request);
  const parsed = LicenseRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return json({ error: `Invalid request: ${issue ? `${issue.path.join('.') || 'body'} ${issue.message}` : 'expected a JSON object'}` }, 400);
  }
  const meta = {
    viewer: anonymousViewer,
    ip: request.headers.get(CLIENT_IP_HEADER),
    requestId: request.headers.get('x-request-id')?.slice(0, 100) || randomUUID(),
    at: services.clock.now(),
  };
  const handler = HANDLERS[match[1] as keyof typeof HANDLERS];
  const result = await handler(services.db, rateLimitStoreOf(services), meta, parsed.data);
  const headers: Record<string, string> = { 'x-request-id': meta.requestId };
  if (result.code === 'RATE_LIMITED') return json(serialize(result), 429, { ...headers, 'retry-after': String(result.retryAfterSeconds ?? 1) });
  return json(serialize(result), 200, headers);
};

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text().catch(() => '');
  if (!text || text.length > MAX_BODY_BYTES) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function serialize(result: LicenseAnswer) {
  return JSON.parse(JSON.stringify(result)) as unknown;
}

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}
