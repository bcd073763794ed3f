import { CATALOG_ERROR_CODES } from '@leaseboard/domain/catalog/catalog-errors';
import { setAddOnPrice } from '@leaseboard/domain/catalog/set-add-on-price';
import { setProductPrice } from '@leaseboard/domain/catalog/set-product-price';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { idempotencyKeyField } from '../input-fields.ts';
import { payloadType } from '../payload.ts';
import { defineMutation } from '../mutation.ts';
import { userErrorType } from '../user-errors.ts';
import { AddOnRef, ProductRef } from './types.ts';

const CatalogUserError = userErrorType('Catalog', CATALOG_ERROR_CODES);

const ProductPriceRef = builder.prismaObject('ProductPrice', {
  description: 'A monthly product price in force from effectiveFrom until the next one.',
  fields: (t) => ({
    amountCents: t.expose('amountCents', { type: 'Cents' }),
    currency: t.exposeString('currency'),
    effectiveFrom: t.expose('effectiveFrom', { type: 'DateTime' }),
    product: t.relation('product'),
  }),
});

const AddOnPriceRef = builder.prismaObject('AddOnPrice', {
  description: "A monthly add-on price for one tier rank of its product type, in force from effectiveFrom until the next one.",
  fields: (t) => ({
    tierRank: t.exposeInt('tierRank'),
    amountCents: t.expose('amountCents', { type: 'Cents' }),
    currency: t.exposeString('currency'),
    effectiveFrom: t.expose('effectiveFrom', { type: 'DateTime' }),
    addOn: t.relation('addOn'),
  }),
});

const amountCents = () => ({ type: 'Cents', description: 'Monthly price in cents.', validate: z.number().int().min(0).max(100_000_000) }) as const;
const effectiveFrom = () => ({ type: 'DateTime', description: 'Now or later: prices are never back-dated (PRICE_BACKDATED).' }) as const;

const SetProductPriceInput = builder.inputType('SetProductPriceInput', {
  fields: (t) => ({
    productId: t.globalID({ for: [ProductRef] }),
    amountCents: t.field(amountCents()),
    effectiveFrom: t.field(effectiveFrom()),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

const SetAddOnPriceInput = builder.inputType('SetAddOnPriceInput', {
  fields: (t) => ({
    addOnId: t.globalID({ for: [AddOnRef] }),
    tierRank: t.int({ description: 'Tier rank of the product type, 0 for the smallest.', validate: z.number().int().min(0).max(100) }),
    amountCents: t.field(amountCents()),
    effectiveFrom: t.field(effectiveFrom()),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

const ProductPricePayload = payloadType('ProductPricePayload', 'price', ProductPriceRef, CatalogUserError);
const AddOnPricePayload = payloadType('AddOnPricePayload', 'price', AddOnPriceRef, CatalogUserError);

defineMutation('setProductPrice', {
  description: "Schedules a product's monthly price. Vendor staff only.",
  access: { scope: 'catalog:write' },
  partner: 'none',
  args: (arg) => ({ input: arg({ type: SetProductPriceInput }) }),
  run: ({ ctx, args: { input }, meta }) => setProductPrice(ctx.db, meta, { ...input, productId: Number(input.productId.id) }),
  payload: ProductPricePayload,
  load: (value, ctx) => ctx.db.productPrice.findUniqueOrThrow({ where: { id: value.priceId } }),
});

defineMutation('setAddOnPrice', {
  description: "Schedules an add-on's monthly price for one tier rank. Vendor staff only.",
  access: { scope: 'catalog:write' },
  partner: 'none',
  args: (arg) => ({ input: arg({ type: SetAddOnPriceInput }) }),
  run: ({ ctx, args: { input }, meta }) => setAddOnPrice(ctx.db, meta, { ...input, addOnId: Number(input.addOnId.id) }),
  payload: AddOnPricePayload,
  load: (value, ctx) => ctx.db.addOnPrice.findUniqueOrThrow({ where: { id: value.priceId } }),
});
