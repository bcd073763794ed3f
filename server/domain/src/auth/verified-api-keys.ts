import type { Viewer } from './viewer.ts';

type ApiKeyViewer = Extract<Viewer, { kind: 'apiKey' }>;

interface Entry {
  viewer: ApiKeyViewer;
  expiresAt: Date | null;
  cachedUntil: number;
}

/**
 * Recently verified API keys, so an automation burst does not look its key up on every request.
 * Entries live a few seconds; revoking through this app forgets the key at once, so only another process's
 * revocation or a partner's suspension can take up to `ttlMs` to apply. One per app, never module-level.
 */
export class VerifiedApiKeys {
  private readonly byHash = new Map<string, Entry>();

  constructor(private readonly ttlMs = 10_000) {}

  get(hash: string, now: Date): ApiKeyViewer | null {
    const entry = this.byHash.get(hash);
    if (!entry) return null;
    if (entry.cachedUntil <= now.getTime() || (entry.expiresAt && entry.expiresAt <= now)) {
      this.byHash.delete(hash);
      return null;
    }
    return entry.viewer;
  }

  remember(hash: string, viewer: ApiKeyViewer, expiresAt: Date | null, now: Date): void {
    if (this.byHash.size > 10_000) this.byHash.clear();
    this.byHash.set(hash, { viewer, expiresAt, cachedUntil: now.getTime() + this.ttlMs });
  }

  forget(apiKeyId: number): void {
    for (const [hash, entry] of this.byHash) if (entry.viewer.apiKeyId === apiKeyId) this.byHash.delete(hash);
  }
}
