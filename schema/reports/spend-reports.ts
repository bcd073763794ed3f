import { MAX_TOP_CUSTOMERS, rankCustomersBySpend, type CustomerSpend } from '@leaseboard/domain/reports/rank-customers-by-spend';
import { sumSpendByProduct, type SpendByProductReport } from '@leaseboard/domain/reports/sum-spend-by-product';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { EditionEnum } from '../catalog/types.ts';
import { ReportFilterInput, reportScope } from './inputs.ts';
import { ReportsRef } from './reports.ts';

type Report = SpendByProductReport;

const SpendTotal = builder.objectRef<Report['total']>('SpendTotal').implement({
  fields: (t) => ({
    leases: t.exposeInt('leases', { description: 'Active leases.' }),
    monthlySpendCents: t.expose('monthlySpendCents', { type: 'Cents' }),
  }),
});

const ProductTypeSpend = builder.objectRef<Report['productTypes'][number]>('ProductTypeSpend').implement({
  fields: (t) => ({
    productTypeId: t.id({ resolve: (s) => encodeGlobalID('ProductType', s.productTypeId) }),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    leases: t.exposeInt('leases'),
    monthlySpendCents: t.expose('monthlySpendCents', { type: 'Cents', description: 'Products and their add-ons.' }),
  }),
});

const EditionSpend = builder.objectRef<Report['editions'][number]>('EditionSpend').implement({
  fields: (t) => ({
    productTypeId: t.id({ resolve: (s) => encodeGlobalID('ProductType', s.productTypeId) }),
    edition: t.expose('edition', { type: EditionEnum }),
    leases: t.exposeInt('leases'),
    monthlySpendCents: t.expose('monthlySpendCents', { type: 'Cents' }),
  }),
});

const ProductSpend = builder.objectRef<Report['products'][number]>('ProductSpend').implement({
  fields: (t) => ({
    productId: t.id({ resolve: (s) => encodeGlobalID('Product', s.productId) }),
    productTypeId: t.id({ resolve: (s) => encodeGlobalID('ProductType', s.productTypeId) }),
    sku: t.exposeString('sku'),
    name: t.exposeString('name'),
    edition: t.expose('edition', { type: EditionEnum }),
    leases: t.exposeInt('leases'),
    productCents: t.expose('productCents', { type: 'Cents', description: 'leases × the product price.' }),
    addOnCents: t.expose('addOnCents', { type: 'Cents', description: 'The add-ons on these leases, at this tier rank.' }),
    monthlySpendCents: t.expose('monthlySpendCents', { type: 'Cents', description: 'productCents + addOnCents.' }),
  }),
});

const AddOnSpend = builder.objectRef<Report['addOns'][number]>('AddOnSpend').implement({
  fields: (t) => ({
    addOnId: t.id({ resolve: (s) => encodeGlobalID('AddOn', s.addOnId) }),
    productTypeId: t.id({ resolve: (s) => encodeGlobalID('ProductType', s.productTypeId) }),
    sku: t.exposeString('sku'),
    name: t.exposeString('name'),
    leases: t.exposeInt('leases', { description: 'Active leases with this add-on.' }),
    monthlySpendCents: t.expose('monthlySpendCents', { type: 'Cents' }),
  }),
});

const SpendByProductReportRef = builder.objectRef<Report>('SpendByProductReport').implement({
  description: 'Active leases and what they cost per month at the prices in force now.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime', description: 'The instant the prices and active leases are taken at.' }),
    total: t.field({ type: SpendTotal, resolve: (r) => r.total }),
    productTypes: t.field({ type: [ProductTypeSpend], resolve: (r) => r.productTypes }),
    editions: t.field({ type: [EditionSpend], description: 'Per product type and edition.', resolve: (r) => r.editions }),
    products: t.field({ type: [ProductSpend], resolve: (r) => r.products }),
    addOns: t.field({
      type: [AddOnSpend],
      description: 'Their spend is already part of the products and product types above.',
      resolve: (r) => r.addOns,
    }),
  }),
});

const CustomerSpendRef = builder.objectRef<CustomerSpend>('CustomerSpend').implement({
  fields: (t) => ({
    customerId: t.id({ resolve: (c) => encodeGlobalID('Customer', c.customerId) }),
    email: t.exposeString('email'),
    name: t.exposeString('name', { nullable: true }),
    company: t.exposeString('company', { nullable: true }),
    activeLeases: t.exposeInt('activeLeases'),
    monthlySpendCents: t.expose('monthlySpendCents', { type: 'Cents' }),
  }),
});

builder.objectField(ReportsRef, 'spendByProduct', (t) =>
  t.field({
    type: SpendByProductReportRef,
    description: 'Leases and monthly spend by product type, edition, product and add-on.',
    authScopes: { scope: 'reports:read' },
    args: { filter: t.arg({ type: ReportFilterInput, required: false }) },
    resolve: (_root, args, ctx) => sumSpendByProduct(ctx.db, reportScope(ctx, args.filter), ctx.clock.now()),
  }),
);

builder.objectField(ReportsRef, 'topCustomers', (t) =>
  t.field({
    type: [CustomerSpendRef],
    description: 'The customers with the highest current monthly spend on active leases.',
    authScopes: { scope: 'reports:read' },
    args: {
      limit: t.arg.int({ required: false, defaultValue: 10, validate: z.number().int().min(1).max(MAX_TOP_CUSTOMERS) }),
      filter: t.arg({ type: ReportFilterInput, required: false }),
    },
    resolve: (_root, args, ctx) => rankCustomersBySpend(ctx.db, reportScope(ctx, args.filter), ctx.clock.now(), args.limit ?? 10),
  }),
);
