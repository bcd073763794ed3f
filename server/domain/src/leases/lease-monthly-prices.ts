import type { Db } from '@leaseboard/db';
import { addOnPriceKey, currentAddOnPrices, currentProductPrices } from '../catalog/current-prices.ts';

export interface PricedLeaseShape {
  id: number;
  productId: number;
  /** The tier rank of the lease's product: add-ons are priced per tier rank. */
  tierRank: number;
  addOnIds: readonly number[];
}

/**
 * What a full month of each lease's configuration costs at the prices in force at `at`, in cents: the
 * product's price plus each add-on's price for the product's tier rank (the rule of Lease.monthlyPriceCents
 * and of the idle-leases report). Two queries, whatever the number of leases.
 */
export async function leaseMonthlyPrices(db: Db, leases: readonly PricedLeaseShape[], at: Date): Promise<Map<number, number>> {
  const [products, addOns] = await Promise.all([
    currentProductPrices(db, [...new Set(leases.map((l) => l.productId))], at),
    currentAddOnPrices(db, [...new Set(leases.flatMap((l) => l.addOnIds))], at),
  ]);
  return new Map(
    leases.map((lease) => [
      lease.id,
      (products.get(lease.productId) ?? 0) + lease.addOnIds.reduce((sum, id) => sum + (addOns.get(addOnPriceKey(id, lease.tierRank)) ?? 0), 0),
    ]),
  );
}
