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
