import type { Viewer } from './viewer.ts';

export type ApiKeyViewer = Extract<Viewer, { kind: 'apiKey' }>;

/**
 * Recently verified API keys, so an automation burst does not look its key up on every request. One per
 * app, never module-level: in this process (VerifiedApiKeys) or, with REDIS_URL, shared by every process
 * (SharedVerifiedApiKeys), where a revocation applies everywhere at once.
 */
export interface ApiKeyCache {
  get(hash: string, now: Date): Promise<ApiKeyViewer | null>;
  remember(hash: string, viewer: ApiKeyViewer, expiresAt: Date | null, now: Date): Promise<void>;
  /** Called once a revocation committed; every later get() of that key misses. */
  forget(apiKeyId: number): Promise<void>;
}

/** How long a verified key is trusted without a look-up, and so how long a suspension may take to apply. */
export const VERIFIED_API_KEY_TTL_MS = 10_000;

interface Entry {
  viewer: ApiKeyViewer;
  expiresAt: Date | null;
  cachedUntil: number;
}

/**
 * The in-process cache. Revoking through this app forgets the key at once, so only another process's
 * revocation or a partner's suspension can take up to `ttlMs` to apply.
 */
export class VerifiedApiKeys implements ApiKeyCache {
  private readonly byHash = new Map<string, Entry>();

  constructor(private readonly ttlMs = VERIFIED_API_KEY_TTL_MS) {}

  async get(hash: string, now: Date): Promise<ApiKeyViewer | null> {
    const entry = this.byHash.get(hash);
    if (!entry) return null;
    if (entry.cachedUntil <= now.getTime() || (entry.expiresAt && entry.expiresAt <= now)) {
      this.byHash.delete(hash);
      return null;
    }
    return entry.viewer;
  }

  async remember(hash: string, viewer: ApiKeyViewer, expiresAt: Date | null, now: Date): Promise<void> {
    if (this.byHash.size > 10_000) this.byHash.clear();
    this.byHash.set(hash, { viewer, expiresAt, cachedUntil: now.getTime() + this.ttlMs });
  }

  async forget(apiKeyId: number): Promise<void> {
    for (const [hash, entry] of this.byHash) if (entry.viewer.apiKeyId === apiKeyId) this.byHash.delete(hash);
  }
}
