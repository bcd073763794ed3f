import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { FORGET_PRICES } from '../after-commit.ts';
import { fail, ok, type Result } from '../result.ts';
import type { CatalogErrorCode } from './catalog-errors.ts';
import { checkNewPrice } from './price-schedule.rules.ts';

export interface SetAddOnPriceInput {
  addOnId: number;
  tierRank: number;
  amountCents: number;
  effectiveFrom: Date;
  idempotencyKey?: string | null;
}

/**
 * Schedules an add-on's monthly price for one tier rank of its product type, from effectiveFrom on (now or
 * later). A price already scheduled for that exact instant is replaced. See setProductPrice on idempotency.
 */
export async function setAddOnPrice(
  db: Db,
  meta: RequestMeta,
  input: SetAddOnPriceInput,
): Promise<Result<{ priceId: number }, CatalogErrorCode>> {
  const { idempotencyKey, ...request } = input;
  const invalid = checkNewPrice(request.amountCents, request.effectiveFrom, meta.at);
  if (invalid.length) return { ok: false, errors: invalid };
  return idempotent(db, { partnerId: null, key: idempotencyKey, operation: 'setAddOnPrice', input: request }, async (tx) => {
    const addOn = await tx.addOn.findUnique({ where: { id: request.addOnId }, select: { id: true, sku: true, productTypeId: true } });
    if (!addOn) return fail('ADDON_NOT_FOUND', 'No such add-on.', ['addOnId']);
    const tier = await tx.product.findFirst({ where: { productTypeId: addOn.productTypeId, tierRank: request.tierRank }, select: { id: true } });
    if (!tier) return fail('TIER_RANK_NOT_FOUND', 'The product type of this add-on has no such tier rank.', ['tierRank']);
    const where = { addOnId_tierRank_effectiveFrom: { addOnId: addOn.id, tierRank: request.tierRank, effectiveFrom: request.effectiveFrom } };
    const earlier = await tx.addOnPrice.findUnique({ where, select: { amountCents: true } });
    const createdById = meta.viewer.kind === 'user' ? meta.viewer.userId : null;
    const price = await tx.addOnPrice.upsert({
      where,
      create: {
        addOnId: addOn.id,
        tierRank: request.tierRank,
        effectiveFrom: request.effectiveFrom,
        amountCents: request.amountCents,
        createdById,
        createdAt: meta.at,
      },
      update: { amountCents: request.amountCents, createdById },
    });
    const at = { sku: addOn.sku, tierRank: request.tierRank, effectiveFrom: request.effectiveFrom.toISOString() };
    await recordAudit(tx, meta, {
      partnerId: null,
      action: 'catalog.set_add_on_price',
      targetType: 'AddOn',
      targetId: addOn.id,
      before: earlier ? { ...at, amountCents: earlier.amountCents } : undefined,
      after: { ...at, amountCents: request.amountCents },
    });
    return ok({ priceId: price.id }, [FORGET_PRICES]);
  });
}
