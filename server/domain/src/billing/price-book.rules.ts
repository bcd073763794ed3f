/** A catalog price from `fromMs` on (ProductPrice/AddOnPrice.effectiveFrom). Prices are never back-dated. */
export interface PricePoint {
  fromMs: number;
  amountCents: number;
}

export interface PricedProduct {
  sku: string;
  name: string;
  tierRank: number;
  /** Ordered by fromMs. */
  prices: PricePoint[];
}

export interface PricedAddOn {
  sku: string;
  name: string;
  /** Tier rank of the lease's product → prices ordered by fromMs. */
  pricesByRank: Map<number, PricePoint[]>;
}

/** Everything billing needs from the catalog: SKUs, names and every dated price. */
export interface PriceBook {
  products: Map<number, PricedProduct>;
  addOns: Map<number, PricedAddOn>;
  /** SKU → product or add-on name, for line descriptions. */
  namesBySku: Map<string, string>;
}

/** No price was in force for a component at an instant it was active: the catalog is incomplete. */
export class MissingPriceError extends Error {
  override readonly name = 'MissingPriceError';
}

/** A pricing span, in epoch milliseconds; `toMs: null` = still active. */
export interface PricedPiece {
  fromMs: number;
  toMs: number | null;
  priceCents: number;
}

/**
 * Cuts [fromMs, toMs) where the price changes: one piece per price in force, each priced at the latest
 * price effective at or before its start.
 */
export function splitByPrice(fromMs: number, toMs: number | null, prices: readonly PricePoint[], what: string): PricedPiece[] {
  let index = -1;
  while (index + 1 < prices.length && prices[index + 1]!.fromMs <= fromMs) index++;
  if (index < 0) throw new MissingPriceError(`${what} has no price in force at ${new Date(fromMs).toISOString()}`);
  const pieces: PricedPiece[] = [];
  let start = fromMs;
  let price = prices[index]!.amountCents;
  for (let next = index + 1; next < prices.length; next++) {
    const change = prices[next]!;
    if (toMs !== null && change.fromMs >= toMs) break;
    if (change.amountCents !== price) {
      pieces.push({ fromMs: start, toMs: change.fromMs, priceCents: price });
      start = change.fromMs;
      price = change.amountCents;
    }
  }
  pieces.push({ fromMs: start, toMs, priceCents: price });
  return pieces;
}
