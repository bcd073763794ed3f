import type { Db } from '@leaseboard/db';
import type { Clock } from '../clock.ts';
import { hashApiKey, looksLikeApiKey } from './api-key-secret.ts';
import { ROLE_SCOPES } from './roles.ts';
import { isApiKeyScope, type Scope } from './scopes.ts';
import { readCookie, SESSION_COOKIE } from './sessions.ts';
import { sha256 } from './tokens.ts';
import type { ApiKeyCache } from './verified-api-keys.ts';
import { anonymousViewer, type Viewer } from './viewer.ts';

/** Credentials were sent but are not valid: the request is refused as a whole (HTTP 401). */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves the viewer from a Bearer API key or the session cookie. No credentials → anonymous. */
export async function authenticate(db: Db, clock: Clock, headers: Headers, verified?: ApiKeyCache): Promise<Viewer> {
  const authorization = headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match || !looksLikeApiKey(match[1]!)) throw new AuthenticationError('Malformed Authorization header: expected "Bearer lbk_…"');
    return viewerFromApiKey(db, clock, match[1]!, verified);
  }
  const token = readCookie(headers.get('cookie'), SESSION_COOKIE);
  if (token) return (await viewerFromSession(db, clock, token)) ?? anonymousViewer;
  return anonymousViewer;
}

async function viewerFromApiKey(db: Db, clock: Clock, key: string, verified?: ApiKeyCache): Promise<Viewer> {
  const now = clock.now();
  const hash = hashApiKey(key);
  const cached = await verified?.get(hash, now);
  if (cached) return cached;
  const apiKey = await db.apiKey.findUnique({ where: { hash }, include: { partner: { select: { status: true } } } });
  if (!apiKey || apiKey.revokedAt || (apiKey.expiresAt && apiKey.expiresAt <= now) || apiKey.partner.status !== 'ACTIVE') {
    throw new AuthenticationError('Invalid, expired or revoked API key');
  }
  if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: apiKey.id }, data: { lastUsedAt: now } });
  }
  const viewer = {
    kind: 'apiKey' as const,
    apiKeyId: apiKey.id,
    partnerId: apiKey.partnerId,
    scopes: new Set(apiKey.scopes.filter(isApiKeyScope)),
    label: `api-key:${apiKey.prefix}`,
  };
  await verified?.remember(hash, viewer, apiKey.expiresAt, now);
  return viewer;
}

async function viewerFromSession(db: Db, clock: Clock, token: string): Promise<Viewer | null> {
  const now = clock.now();
  const session = await db.session.findUnique({
    where: { id: sha256(token) },
    include: { user: { include: { partner: { select: { status: true } } } } },
  });
  if (!session || session.expiresAt <= now) return null;
  const { user } = session;
  if (!user.active || (user.partner && user.partner.status !== 'ACTIVE')) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return {
    kind: 'user',
    userId: user.id,
    partnerId: user.partnerId,
    role: user.role,
    sessionId: session.id,
    scopes: new Set<Scope>(ROLE_SCOPES[user.role]),
    label: user.email,
  };
}
