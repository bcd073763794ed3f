import type { Tx } from '../tx.ts';
import type { AddOnFacts, ProductFacts } from './lease-config.rules.ts';

export async function loadProduct(tx: Tx, productId: number): Promise<(ProductFacts & { sku: string; tierRank: number; productTypeCode: string }) | null> {
  const product = await tx.product.findUnique({ where: { id: productId }, include: { productType: { select: { code: true } } } });
  return product && { ...product, productTypeCode: product.productType.code };
}

export async function loadAddOns(tx: Tx, ids: readonly number[]): Promise<Map<number, AddOnFacts>> {
  if (!ids.length) return new Map();
  const rows = await tx.addOn.findMany({ where: { id: { in: [...new Set(ids)] } } });
  return new Map(rows.map((a) => [a.id, a]));
}
