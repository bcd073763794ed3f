import type { Db } from '@leaseboard/db';
import { perClientCache } from '../per-client-cache.ts';

/**
 * Every dated price of the catalog (a few hundred rows), read in one go and answered from memory: the
 * price in force at an instant is the latest one effective at or before it. Pages that show prices
 * (a lease's monthly price, the catalog, the bulk-stop saving) read the book instead of two queries per
 * request. Invoices and quotes do not: the billing engine reads its prices with the invoice.
 *
 * The book is kept per database client for PRICE_BOOK_TTL_MS. A price scheduled through this process
 * drops it at once (`forgetPriceBook`, after the change commits); one scheduled through another process
 * shows here within that time.
 */
export interface PriceBook {
  productPrice(productId: number, at: Date): number | null;
  addOnPrice(addOnId: number, tierRank: number, at: Date): number | null;
}

export const PRICE_BOOK_TTL_MS = 5_000;

interface DatedPrice {
  from: number;
  cents: number;
}

const books = perClientCache(readPriceBook, PRICE_BOOK_TTL_MS);

export function priceBook(db: Db): Promise<PriceBook> {
  return books.get(db);
}

/** The book at once when this process read it lately, else once it is read: a page's prices resolve without waiting. */
export function currentPriceBook(db: Db): PriceBook | Promise<PriceBook> {
  return books.fresh(db) ?? books.get(db);
}

export function forgetPriceBook(db: Db): void {
  books.forget(db);
}

export function addOnPriceKey(addOnId: number, tierRank: number): string {
  return `${addOnId}:${tierRank}`;
}

async function readPriceBook(db: Db): Promise<PriceBook> {
  const [products, addOns] = await Promise.all([
    db.productPrice.findMany({ select: { productId: true, effectiveFrom: true, amountCents: true } }),
    db.addOnPrice.findMany({ select: { addOnId: true, tierRank: true, effectiveFrom: true, amountCents: true } }),
  ]);
  const productPrices = datedPricesBy(products, (p) => p.productId);
  const addOnPrices = datedPricesBy(addOns, (p) => addOnPriceKey(p.addOnId, p.tierRank));
  return {
    productPrice: (productId, at) => priceAt(productPrices.get(productId), at),
    addOnPrice: (addOnId, tierRank, at) => priceAt(addOnPrices.get(addOnPriceKey(addOnId, tierRank)), at),
  };
}

/** Dated prices grouped by key, newest first. */
function datedPricesBy<K, R extends { effectiveFrom: Date; amountCents: number }>(rows: readonly R[], keyOf: (row: R) => K): Map<K, DatedPrice[]> {
  const byKey = new Map<K, DatedPrice[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = byKey.get(key) ?? [];
    list.push({ from: row.effectiveFrom.getTime(), cents: row.amountCents });
    byKey.set(key, list);
  }
  for (const list of byKey.values()) list.sort((a, b) => b.from - a.from);
  return byKey;
}

function priceAt(prices: readonly DatedPrice[] | undefined, at: Date): number | null {
  const t = at.getTime();
  return prices?.find((p) => p.from <= t)?.cents ?? null;
}
