import type { Db } from '@leaseboard/db';
import { priceBook, type PriceBook } from '../catalog/price-book.ts';

export interface PricedLeaseShape {
  productId: number;
  /** The tier rank of the lease's product: add-ons are priced per tier rank. */
  tierRank: number;
  addOnIds: readonly number[];
}

/**
 * What a full month of a lease's configuration costs at the prices in force at `at`, in cents: the
 * product's price plus each add-on's price for the product's tier rank (the rule of Lease.monthlyPriceCents
 * and of the idle-leases report).
 */
export function leaseMonthlyPrice(book: PriceBook, lease: PricedLeaseShape, at: Date): number {
  return (
    (book.productPrice(lease.productId, at) ?? 0) +
    lease.addOnIds.reduce((sum, id) => sum + (book.addOnPrice(id, lease.tierRank, at) ?? 0), 0)
  );
}

/** leaseMonthlyPrice of each lease, by lease id. */
export async function leaseMonthlyPrices(db: Db, leases: readonly (PricedLeaseShape & { id: number })[], at: Date): Promise<Map<number, number>> {
  const book = await priceBook(db);
  return new Map(leases.map((lease) => [lease.id, leaseMonthlyPrice(book, lease, at)]));
}
