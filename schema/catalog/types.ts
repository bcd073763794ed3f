import { completeValue } from '@pothos/core';
import { fromCatalog } from '@leaseboard/domain/catalog/catalog-book';
import { priceBook } from '@leaseboard/domain/catalog/price-book';
import { tierLabel } from '@leaseboard/domain/catalog/tier-label.rules';
import { builder } from '../builder.ts';

export const EditionEnum = builder.enumType('Edition', { values: ['PROFESSIONAL', 'ENTERPRISE'] as const });

export const ProductTypeRef = builder.prismaNode('ProductType', {
  id: { field: 'id' },
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    unit: t.exposeString('unit', { description: 'What a tier counts: mailboxes, agents or sites.' }),
    products: t.relation('products', {
      args: { includeInactive: t.arg.boolean({ defaultValue: false }) },
      query: (args) => ({
        where: args.includeInactive ? {} : { active: true },
        orderBy: [{ edition: 'asc' }, { tierRank: 'asc' }],
      }),
    }),
    addOns: t.relation('addOns', {
      query: { where: { active: true }, orderBy: { id: 'asc' } },
    }),
  }),
});

export const ProductRef = builder.prismaNode('Product', {
  id: { field: 'id' },
  fields: (t) => ({
    sku: t.exposeString('sku'),
    name: t.exposeString('name'),
    edition: t.expose('edition', { type: EditionEnum }),
    tierRank: t.exposeInt('tierRank'),
    tierSize: t.exposeInt('tierSize', { nullable: true, description: 'Units included; null means unlimited.' }),
    tierLabel: t.string({
      resolve: (p, _args, ctx) => completeValue(fromCatalog(ctx.db, (c) => c.productTypes.get(p.productTypeId)), ({ unit }) => tierLabel(p.tierSize, unit)),
    }),
    active: t.exposeBoolean('active'),
    productType: t.field({ type: ProductTypeRef, resolve: (p, _args, ctx) => fromCatalog(ctx.db, (c) => c.productTypes.get(p.productTypeId)) }),
    datedPrices: t.relation('prices', {
      description: 'Every dated monthly price, past and scheduled, newest first (vendor staff).',
      authScopes: { vendor: true },
      query: { orderBy: { effectiveFrom: 'desc' } },
    }),
    monthlyPriceCents: t.field({
      type: 'Cents',
      description: 'The monthly lease price in force now, in cents.',
      resolve: async (product, _args, ctx) => {
        const price = (await priceBook(ctx.db)).productPrice(product.id, ctx.clock.now());
        if (price === null) throw new Error(`product ${product.id} has no price in force`);
        return price;
      },
    }),
  }),
});

const AddOnTierPrice = builder.objectRef<{ tierRank: number; monthlyPriceCents: number }>('AddOnTierPrice').implement({
  fields: (t) => ({
    tierRank: t.exposeInt('tierRank'),
    monthlyPriceCents: t.expose('monthlyPriceCents', { type: 'Cents' }),
  }),
});

export const AddOnRef = builder.prismaNode('AddOn', {
  id: { field: 'id' },
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    sku: t.exposeString('sku'),
    editions: t.expose('editions', { type: [EditionEnum], description: 'The editions this add-on may be leased with.' }),
    datedPrices: t.relation('prices', {
      description: 'Every dated monthly price of every tier, past and scheduled, newest first (vendor staff).',
      authScopes: { vendor: true },
      query: { orderBy: [{ effectiveFrom: 'desc' }, { tierRank: 'asc' }] },
    }),
    prices: t.field({
      type: [AddOnTierPrice],
      description: 'The monthly price in force now for each tier rank of the product type.',
      select: { productType: { select: { products: { select: { tierRank: true }, distinct: ['tierRank'] } } } },
      resolve: async (addOn, _args, ctx) => {
        const [book, now] = [await priceBook(ctx.db), ctx.clock.now()];
        const ranks = [...new Set(addOn.productType.products.map((p) => p.tierRank))].sort((a, b) => a - b);
        return ranks.flatMap((tierRank) => {
          const monthlyPriceCents = book.addOnPrice(addOn.id, tierRank, now);
          return monthlyPriceCents === null ? [] : [{ tierRank, monthlyPriceCents }];
        });
      },
    }),
  }),
});

builder.queryField('catalog', (t) =>
  t.prismaField({
    type: ['ProductType'],
    description: 'Product types with their products and add-ons, at the prices in force now. Public.',
    resolve: (query, _root, _args, ctx) => ctx.db.productType.findMany({ ...query, orderBy: { sortOrder: 'asc' } }),
  }),
);
