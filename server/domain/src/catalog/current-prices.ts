import type { Db } from '@leaseboard/db';

/** The monthly price in force at `at` for each product: the latest one effective at or before it. */
export async function currentProductPrices(db: Db, productIds: readonly number[], at: Date): Promise<Map<number, number>> {
  const rows = await db.productPrice.findMany({
    where: { productId: { in: [...productIds] }, effectiveFrom: { lte: at } },
    orderBy: [{ productId: 'asc' }, { effectiveFrom: 'desc' }],
    distinct: ['productId'],
    select: { productId: true, amountCents: true },
  });
  return new Map(rows.map((r) => [r.productId, r.amountCents]));
}

export function addOnPriceKey(addOnId: number, tierRank: number): string {
  return `${addOnId}:${tierRank}`;
}

/** The monthly price in force at `at` for each (add-on, tier rank) pair, keyed by addOnPriceKey. */
export async function currentAddOnPrices(db: Db, addOnIds: readonly number[], at: Date): Promise<Map<string, number>> {
  const rows = await db.addOnPrice.findMany({
    where: { addOnId: { in: [...addOnIds] }, effectiveFrom: { lte: at } },
    orderBy: [{ addOnId: 'asc' }, { tierRank: 'asc' }, { effectiveFrom: 'desc' }],
    distinct: ['addOnId', 'tierRank'],
    select: { addOnId: true, tierRank: true, amountCents: true },
  });
  return new Map(rows.map((r) => [addOnPriceKey(r.addOnId, r.tierRank), r.amountCents]));
}
