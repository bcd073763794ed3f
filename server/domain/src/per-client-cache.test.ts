import { describe, expect, it } from 'vitest';
import type { Db } from '@leaseboard/db';
import { perClientCache } from './per-client-cache.ts';

/** A stand-in client: the cache only keys on it. */
const client = () => ({}) as Db;

function counting(ttlMs: number, fail = false) {
  let reads = 0;
  const cache = perClientCache(async () => {
    reads++;
    if (fail) throw new Error('read failed');
    return { read: reads };
  }, ttlMs);
  return { cache, reads: () => reads };
}

describe('perClientCache', () => {
  it('reads once per client while the value is fresh, and shares that read', async () => {
    const { cache, reads } = counting(60_000);
    const [a, b] = [client(), client()];
    const [first, second] = await Promise.all([cache.get(a), cache.get(a)]);
    expect(second).toBe(first);
    expect(await cache.get(b)).not.toBe(first);
    expect(reads()).toBe(2);
  });

  it('answers `fresh` only once the read has settled, and not after `forget`', async () => {
    const { cache } = counting(60_000);
    const db = client();
    expect(cache.fresh(db)).toBeUndefined();
    const pending = cache.get(db);
    expect(cache.fresh(db)).toBeUndefined();
    const value = await pending;
    expect(cache.fresh(db)).toBe(value);
    cache.forget(db);
    expect(cache.fresh(db)).toBeUndefined();
  });

  it('reads again once the value is older than ttlMs', async () => {
    const { cache, reads } = counting(0);
    const db = client();
    await cache.get(db);
    await cache.get(db);
    expect(reads()).toBe(2);
    expect(cache.fresh(db)).toBeUndefined();
  });

  it('keeps no failed read: the next get reads again', async () => {
    const { cache, reads } = counting(60_000, true);
    const db = client();
    await expect(cache.get(db)).rejects.toThrow('read failed');
    await expect(cache.get(db)).rejects.toThrow('read failed');
    expect(reads()).toBe(2);
  });
});
