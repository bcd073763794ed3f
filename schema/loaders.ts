import DataLoader from 'dataloader';
import type { Context } from './context.ts';

/**
 * Request-scoped DataLoaders for reads that are not Prisma relations. One cache per request, keyed on
 * the context object, so nothing leaks between requests or tenants.
 */
const caches = new WeakMap<Context, Map<string, DataLoader<unknown, unknown>>>();

export function loaderFor<K, V>(
  ctx: Context,
  name: string,
  batch: (keys: readonly K[]) => Promise<Map<string | number, V>>,
  keyOf: (key: K) => string | number = (key) => key as unknown as string | number,
): DataLoader<K, V | null> {
  let byName = caches.get(ctx);
  if (!byName) caches.set(ctx, (byName = new Map()));
  let loader = byName.get(name) as DataLoader<K, V | null> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V | null, string | number>(
      async (keys) => {
        const found = await batch(keys);
        return keys.map((key) => found.get(keyOf(key)) ?? null);
      },
      { cacheKeyFn: keyOf },
    );
    byName.set(name, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}

/**
 * Rows of one table by id, one query for every id asked for in the same tick (a page of rows that refer
 * to them). Callers pass ids they read from a row the viewer may see, such as a lease's customerId.
 */
export function rowsById<T extends { id: number }>(ctx: Context, name: string, read: (ids: number[]) => Promise<T[]>): DataLoader<number, T | null> {
  return loaderFor<number, T>(ctx, name, async (ids) => new Map((await read([...ids])).map((row) => [row.id, row])));
}

/** The row a foreign key refers to: its absence is a bug, not an answer. */
export async function referenced<T>(row: Promise<T | null>, what: string): Promise<T> {
  const found = await row;
  if (found === null) throw new Error(`${what} is missing, yet a row refers to it`);
  return found;
}
