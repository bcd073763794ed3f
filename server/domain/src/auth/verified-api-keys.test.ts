import { describe, expect, it } from 'vitest';
import { VerifiedApiKeys } from './verified-api-keys.ts';

const viewer = { kind: 'apiKey' as const, apiKeyId: 7, partnerId: 1, scopes: new Set<never>(), label: 'api-key:lbk_x' };
const at = (iso: string) => new Date(iso);

describe('VerifiedApiKeys', () => {
  describe('when a key was verified a moment ago', () => {
    it('answers from memory until the time-to-live runs out', async () => {
      const cache = new VerifiedApiKeys(10_000);
      await cache.remember('h', viewer, null, at('2025-01-01T00:00:00Z'));
      expect(await cache.get('h', at('2025-01-01T00:00:09.999Z'))).toBe(viewer);
      expect(await cache.get('h', at('2025-01-01T00:00:10Z'))).toBeNull();
    });
  });

  describe('when the key itself expires first', () => {
    it('stops answering at the key expiry', async () => {
      const cache = new VerifiedApiKeys(10_000);
      await cache.remember('h', viewer, at('2025-01-01T00:00:05Z'), at('2025-01-01T00:00:00Z'));
      expect(await cache.get('h', at('2025-01-01T00:00:04Z'))).toBe(viewer);
      expect(await cache.get('h', at('2025-01-01T00:00:05Z'))).toBeNull();
    });
  });

  describe('when the key is revoked here', () => {
    it('forgets it at once', async () => {
      const cache = new VerifiedApiKeys(10_000);
      await cache.remember('h', viewer, null, at('2025-01-01T00:00:00Z'));
      await cache.forget(7);
      expect(await cache.get('h', at('2025-01-01T00:00:01Z'))).toBeNull();
    });
  });
});
