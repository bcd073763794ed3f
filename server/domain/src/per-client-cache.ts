import type { Db } from '@leaseboard/db';

export interface PerClientCache<T> {
  /** The value read through this client, read again once it is `ttlMs` old. */
  get(db: Db): Promise<T>;
  /** The value, when it was read and is not yet `ttlMs` old; otherwise undefined (and nothing is read). */
  fresh(db: Db): T | undefined;
  /** Drops the value, so the next `get` reads it again. */
  forget(db: Db): void;
}

/**
 * A small table read whole and answered from memory, kept per database client for `ttlMs`. Readers of
 * one expired value share its next read; a read that fails is not kept.
 */
export function perClientCache<T>(read: (db: Db) => Promise<T>, ttlMs: number): PerClientCache<T> {
  const entries = new WeakMap<Db, { expiresAt: number; value: Promise<T>; settled?: T }>();
  return {
    get(db) {
      const cached = entries.get(db);
      const now = performance.now();
      if (cached && cached.expiresAt > now) return cached.value;
      const entry: { expiresAt: number; value: Promise<T>; settled?: T } = { expiresAt: now + ttlMs, value: read(db) };
      entries.set(db, entry);
      entry.value.then(
        (value) => (entry.settled = value),
        () => entries.get(db) === entry && entries.delete(db),
      );
      return entry.value;
    },
    fresh(db) {
      const cached = entries.get(db);
      return cached && cached.expiresAt > performance.now() ? cached.settled : undefined;
    },
    forget(db) {
      entries.delete(db);
    },
  };
}
