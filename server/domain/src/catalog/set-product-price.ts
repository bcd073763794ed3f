import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { FORGET_PRICES } from '../after-commit.ts';
import { fail, ok, type Result } from '../result.ts';
import type { CatalogErrorCode } from './catalog-errors.ts';
import { checkNewPrice } from './price-schedule.rules.ts';

export interface SetProductPriceInput {
  productId: number;
  amountCents: number;
  effectiveFrom: Date;
  idempotencyKey?: string | null;
}

/**
 * Schedules a product's monthly price from effectiveFrom on (now or later). A price already scheduled
 * for that exact instant is replaced. Vendor staff have no partner, so an idempotency key is not stored:
 * repeating the same request sets the same price again, which is harmless.
 */
export async function setProductPrice(
  db: Db,
  meta: RequestMeta,
  input: SetProductPriceInput,
): Promise<Result<{ priceId: number }, CatalogErrorCode>> {
  const { idempotencyKey, ...request } = input;
  const invalid = checkNewPrice(request.amountCents, request.effectiveFrom, meta.at);
  if (invalid.length) return { ok: false, errors: invalid };
  return idempotent(db, { partnerId: null, key: idempotencyKey, operation: 'setProductPrice', input: request }, async (tx) => {
    const product = await tx.product.findUnique({ where: { id: request.productId }, select: { id: true, sku: true } });
    if (!product) return fail('PRODUCT_NOT_FOUND', 'No such product.', ['productId']);
    const where = { productId_effectiveFrom: { productId: product.id, effectiveFrom: request.effectiveFrom } };
    const earlier = await tx.productPrice.findUnique({ where, select: { amountCents: true } });
    const createdById = meta.viewer.kind === 'user' ? meta.viewer.userId : null;
    const price = await tx.productPrice.upsert({
      where,
      create: { productId: product.id, effectiveFrom: request.effectiveFrom, amountCents: request.amountCents, createdById, createdAt: meta.at },
      update: { amountCents: request.amountCents, createdById },
    });
    await recordAudit(tx, meta, {
      partnerId: null,
      action: 'catalog.set_product_price',
      targetType: 'Product',
      targetId: product.id,
      before: earlier ? { sku: product.sku, effectiveFrom: request.effectiveFrom.toISOString(), amountCents: earlier.amountCents } : undefined,
      after: { sku: product.sku, effectiveFrom: request.effectiveFrom.toISOString(), amountCents: request.amountCents },
    });
    return ok({ priceId: price.id }, [FORGET_PRICES]);
  });
}
