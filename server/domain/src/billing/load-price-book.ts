import type { Db } from '@leaseboard/db';
import type { PriceBook, PricePoint } from './price-book.rules.ts';

/** The whole catalog with every dated price: a few hundred rows, read once per billing run or preview. */
export async function loadPriceBook(db: Db): Promise<PriceBook> {
  const [products, addOns, productPrices, addOnPrices] = await Promise.all([
    db.product.findMany({ select: { id: true, sku: true, name: true, tierRank: true } }),
    db.addOn.findMany({ select: { id: true, sku: true, name: true } }),
    db.productPrice.findMany({
      select: { productId: true, effectiveFrom: true, amountCents: true },
      orderBy: [{ productId: 'asc' }, { effectiveFrom: 'asc' }],
    }),
    db.addOnPrice.findMany({
      select: { addOnId: true, tierRank: true, effectiveFrom: true, amountCents: true },
      orderBy: [{ addOnId: 'asc' }, { tierRank: 'asc' }, { effectiveFrom: 'asc' }],
    }),
  ]);
  const book: PriceBook = { products: new Map(), addOns: new Map(), namesBySku: new Map() };
  for (const product of products) {
    book.products.set(product.id, { sku: product.sku, name: product.name, tierRank: product.tierRank, prices: [] });
    book.namesBySku.set(product.sku, product.name);
  }
  for (const addOn of addOns) {
    book.addOns.set(addOn.id, { sku: addOn.sku, name: addOn.name, pricesByRank: new Map() });
    book.namesBySku.set(addOn.sku, addOn.name);
  }
  for (const price of productPrices) {
    book.products.get(price.productId)?.prices.push(point(price));
  }
  for (const price of addOnPrices) {
    const byRank = book.addOns.get(price.addOnId)?.pricesByRank;
    if (!byRank) continue;
    const list = byRank.get(price.tierRank) ?? [];
    list.push(point(price));
    byRank.set(price.tierRank, list);
  }
  return book;
}

function point(price: { effectiveFrom: Date; amountCents: number }): PricePoint {
  return { fromMs: price.effectiveFrom.getTime(), amountCents: price.amountCents };
}
