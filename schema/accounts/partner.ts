import { isVendorStaff, viewerPartnerId } from '@leaseboard/domain/auth/viewer';
import { updatePartnerContact } from '@leaseboard/domain/accounts/update-partner-contact';
import { setPartnerStatus } from '@leaseboard/domain/accounts/set-partner-status';
import type { Context } from '../context.ts';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { emailShape, idempotencyKeyField } from '../input-fields.ts';
import { loaderFor, referenced, rowsById } from '../loaders.ts';
import { defineMutation } from '../mutation.ts';
import { payloadType } from '../payload.ts';
import { AccountUserError } from './account-errors.ts';

const PartnerStatusEnum = builder.enumType('PartnerStatus', { values: ['ACTIVE', 'SUSPENDED', 'CLOSED'] as const });

/** Partner staff see their own partner; vendor staff see every partner. */
function visiblePartnerId(id: number, ctx: Context): number {
  if (isVendorStaff(ctx.viewer)) return id;
  return viewerPartnerId(ctx.viewer) === id ? id : -1;
}

/** A partner by id, through a DataLoader: for a row that refers to it, such as a lease the viewer may see. */
export function partnerOf(ctx: Context, id: number) {
  return referenced(rowsById(ctx, 'partnerById', (ids) => ctx.db.partner.findMany({ where: { id: { in: ids } } })).load(id), `partner ${id}`);
}

export const PartnerRef = builder.prismaNode('Partner', {
  id: { field: 'id' },
  description: 'A hosting partner that leases licenses to its customers.',
  findUnique: (id, ctx) => ({ id: visiblePartnerId(Number(id), ctx) }),
  authScopes: { scope: 'account:read', vendor: true },
  fields: (t) => ({
    company: t.exposeString('company'),
    contactName: t.exposeString('contactName'),
    contactEmail: t.exposeString('contactEmail'),
    phone: t.exposeString('phone', { nullable: true }),
    addressLine1: t.exposeString('addressLine1', { nullable: true }),
    addressLine2: t.exposeString('addressLine2', { nullable: true }),
    city: t.exposeString('city', { nullable: true }),
    region: t.exposeString('region', { nullable: true }),
    postalCode: t.exposeString('postalCode', { nullable: true }),
    country: t.exposeString('country', { nullable: true }),
    billingEmail: t.exposeString('billingEmail', { description: 'Where invoices are sent.' }),
    status: t.expose('status', { type: PartnerStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    users: t.relation('users', {
      description: "The partner's logins, oldest first. Vendor staff only (partners use `users`).",
      authScopes: { vendor: true },
      query: { orderBy: { id: 'asc' } },
    }),
    invoicedCents: t.field({
      type: 'Cents',
      description: 'What the partner has been invoiced in total, drafts and voided invoices left out. Vendor staff only.',
      authScopes: { vendor: true },
      resolve: async (partner, _args, ctx) => {
        const sum = await ctx.db.invoice.aggregate({ where: { partnerId: partner.id, status: { in: ['OPEN', 'PAID', 'PAST_DUE'] } }, _sum: { totalCents: true } });
        return sum._sum.totalCents ?? 0;
      },
    }),
    activeLeaseCount: t.int({
      description: 'Leases of this partner that are active now.',
      resolve: async (partner, _args, ctx) => {
        const loader = loaderFor<number, number>(ctx, 'activeLeaseCount', async (ids) => {
          const rows = await ctx.db.lease.groupBy({ by: ['partnerId'], where: { partnerId: { in: [...ids] }, status: 'ACTIVE' }, _count: { _all: true } });
          return new Map(rows.map((row) => [row.partnerId, row._count._all]));
        });
        return (await loader.load(partner.id)) ?? 0;
      },
    }),
  }),
});

builder.queryField('partner', (t) =>
  t.prismaField({
    type: 'Partner',
    nullable: true,
    description: "Your partner account: company, contact, address and billing email. Null for vendor staff.",
    authScopes: { scope: 'account:read' },
    resolve: (query, _root, _args, ctx) => {
      const partnerId = viewerPartnerId(ctx.viewer);
      return partnerId === null ? null : ctx.db.partner.findUnique({ ...query, where: { id: partnerId } });
    },
  }),
);

const PartnersFilter = builder.inputType('PartnersFilter', {
  fields: (t) => ({
    search: t.string({ required: false, description: 'Part of the company name, any case.', validate: z.string().max(200) }),
    status: t.field({ type: PartnerStatusEnum, required: false }),
  }),
});

builder.queryField('partners', (t) =>
  t.prismaConnection({
    type: 'Partner',
    cursor: 'id',
    maxSize: 100,
    defaultSize: 25,
    description: 'Every partner, by company name. Vendor staff only.',
    authScopes: { scope: 'vendor:read' },
    args: { filter: t.arg({ type: PartnersFilter, required: false }) },
    totalCount: (_root, args, ctx) => ctx.db.partner.count({ where: partnersWhere(args.filter) }),
    resolve: (query, _root, args, ctx) =>
      ctx.db.partner.findMany({ ...query, where: partnersWhere(args.filter), orderBy: [{ company: 'asc' }, { id: 'asc' }] }),
  }),
);

function partnersWhere(filter: typeof PartnersFilter.$inferInput | null | undefined) {
  const search = filter?.search?.trim();
  return {
    ...(search ? { company: { contains: search, mode: 'insensitive' as const } } : {}),
    ...(filter?.status ? { status: filter.status } : {}),
  };
}

const optionalText = (max: number) => z.string().max(max);

const UpdatePartnerContactInput = builder.inputType('UpdatePartnerContactInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    company: t.string({ required: false, validate: z.string().max(200) }),
    contactName: t.string({ required: false, validate: z.string().max(200) }),
    contactEmail: t.string({ required: false, validate: emailShape }),
    phone: t.string({ required: false, validate: optionalText(50) }),
    addressLine1: t.string({ required: false, validate: optionalText(200) }),
    addressLine2: t.string({ required: false, validate: optionalText(200) }),
    city: t.string({ required: false, validate: optionalText(100) }),
    region: t.string({ required: false, validate: optionalText(100) }),
    postalCode: t.string({ required: false, validate: optionalText(20) }),
    country: t.string({ required: false, validate: optionalText(100) }),
    billingEmail: t.string({ required: false, validate: emailShape }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

const PartnerPayload = payloadType('PartnerPayload', 'partner', PartnerRef, AccountUserError);

defineMutation('updatePartnerContact', {
  description: "Changes your partner account's company name, contact, address or billing email.",
  access: { scope: 'account:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: UpdatePartnerContactInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => updatePartnerContact(ctx.db, partnerId, meta, input),
  payload: PartnerPayload,
  load: (value, ctx) => ctx.db.partner.findUniqueOrThrow({ where: { id: value.partnerId } }),
});

const SetPartnerStatusInput = builder.inputType('SetPartnerStatusInput', {
  fields: (t) => ({
    partnerId: t.globalID({ for: [PartnerRef] }),
    status: t.field({
      type: builder.enumType('PartnerStatusChange', { values: ['ACTIVE', 'SUSPENDED'] as const }),
      description: 'SUSPENDED refuses its staff and API keys at once; ACTIVE lets them back in.',
    }),
    reason: t.string({ required: false, description: 'Why, for the audit log.', validate: z.string().max(500) }),
  }),
});

defineMutation('setPartnerStatus', {
  description: 'Suspends or reactivates a partner (audited). Vendor staff only.',
  access: { scope: 'partners:manage' },
  partner: 'none',
  args: (arg) => ({ input: arg({ type: SetPartnerStatusInput }) }),
  run: ({ ctx, args: { input }, meta }) =>
    setPartnerStatus(ctx.db, meta, { partnerId: Number(input.partnerId.id), status: input.status, reason: input.reason ?? null }),
  payload: PartnerPayload,
  load: (value, ctx) => ctx.db.partner.findUniqueOrThrow({ where: { id: value.partnerId } }),
});
