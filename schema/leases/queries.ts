import { leaseWhere, type LeaseFilter } from '@leaseboard/domain/leases/lease-search.rules';
import { searchLeasePage } from '@leaseboard/domain/leases/search-lease-page';
import { selectsField } from '../selection.ts';
import type { Context } from '../context.ts';
import { builder } from '../builder.ts';
import { readablePartnerIdOf } from '../tenancy.ts';
import { PartnerRef } from '../accounts/partner.ts';
import { ProductRef, ProductTypeRef } from '../catalog/types.ts';
import { CustomerRef } from '../customers/types.ts';
import { LeaseStatusEnum } from './types.ts';

const LeaseSortEnum = builder.enumType('LeaseSort', {
  values: ['NEWEST', 'OLDEST', 'STARTED_AT_DESC', 'STARTED_AT_ASC', 'CUSTOMER_EMAIL'] as const,
});

const ORDER = {
  NEWEST: [{ id: 'desc' }],
  OLDEST: [{ id: 'asc' }],
  STARTED_AT_DESC: [{ startedAt: 'desc' }, { id: 'desc' }],
  STARTED_AT_ASC: [{ startedAt: 'asc' }, { id: 'asc' }],
  CUSTOMER_EMAIL: [{ customerEmailNorm: 'asc' }, { id: 'asc' }],
} as const;

export const LeaseFilterInput = builder.inputType('LeaseFilter', {
  fields: (t) => ({
    search: t.string({ required: false, description: 'Matches lease ID, customer email (partial), license key or server name (partial).' }),
    leaseId: t.int({ required: false }),
    customerEmail: t.string({ required: false, description: 'Full or partial, case-insensitive.' }),
    licenseKey: t.string({ required: false, description: 'Any case, with or without dashes.' }),
    serverName: t.string({ required: false, description: 'Partial, case-insensitive.' }),
    status: t.field({ type: LeaseStatusEnum, required: false }),
    productTypeId: t.globalID({ required: false, for: [ProductTypeRef] }),
    productId: t.globalID({ required: false, for: [ProductRef] }),
    customerId: t.globalID({ required: false, for: [CustomerRef] }),
    startedFrom: t.field({ type: 'DateTime', required: false }),
    startedTo: t.field({ type: 'DateTime', required: false }),
  }),
});

builder.queryField('leases', (t) =>
  t.prismaConnection({
    type: 'Lease',
    cursor: 'id',
    maxSize: 100,
    defaultSize: 25,
    authScopes: { scope: 'leases:read' },
    args: {
      filter: t.arg({ type: LeaseFilterInput, required: false }),
      sort: t.arg({ type: LeaseSortEnum, required: false, defaultValue: 'NEWEST' }),
      partnerId: t.arg.globalID({ required: false, for: [PartnerRef], description: "Vendor staff: one partner's leases only." }),
    },
    totalCount: (_root, args, ctx) => countedTotals.get(args) ?? ctx.db.lease.count({ where: whereOf(args, ctx) }),
    resolve: async (query, _root, args, ctx, info) => {
      const sort = args.sort ?? 'NEWEST';
      const { take, skip, cursor, ...shape } = query as typeof query & { take?: number; skip?: number; cursor?: { id: number } };
      // In id order, forwards, the page (and its total, if asked for) come from one scan; other orders use
      // Prisma's paging.
      if ((sort !== 'NEWEST' && sort !== 'OLDEST') || !take || take < 0) {
        return ctx.db.lease.findMany({ ...query, where: whereOf(args, ctx), orderBy: [...ORDER[sort]] as never });
      }
      void skip;
      const withTotal = selectsField(info, 'totalCount');
      const page = await searchLeasePage(ctx.db, partnerOf(args, ctx), filterOf(args.filter), {
        descending: sort === 'NEWEST',
        afterId: cursor?.id ?? null,
        limit: take,
        withTotal,
      });
      // An empty first page means nothing matches; an empty later page says nothing about the total.
      if (withTotal && (page.total !== null || !cursor)) countedTotals.set(args, page.total ?? 0);
      if (!page.ids.length) return [];
      return ctx.db.lease.findMany({ ...shape, where: { id: { in: page.ids } }, orderBy: [...ORDER[sort]] as never });
    },
  }),
);

builder.queryField('lease', (t) =>
  t.prismaField({
    type: 'Lease',
    nullable: true,
    description: 'One lease by its lease ID (the number partners see).',
    authScopes: { scope: 'leases:read' },
    args: { leaseNumber: t.arg.int() },
    resolve: (query, _root, args, ctx) => {
      const partnerId = readablePartnerIdOf(ctx, null);
      return ctx.db.lease.findFirst({ ...query, where: { id: args.leaseNumber, ...(partnerId === null ? {} : { partnerId }) } });
    },
  }),
);

type FilterArg = typeof LeaseFilterInput.$inferInput | null | undefined;

function filterOf(filter: FilterArg): LeaseFilter {
  const f = filter ?? {};
  return {
    ...f,
    productTypeId: f.productTypeId ? Number(f.productTypeId.id) : null,
    productId: f.productId ? Number(f.productId.id) : null,
    customerId: f.customerId ? Number(f.customerId.id) : null,
  };
}

interface ListArgs {
  filter?: FilterArg;
  partnerId?: { id: string } | null;
}

function partnerOf(args: ListArgs, ctx: Context): number | null {
  return readablePartnerIdOf(ctx, args.partnerId ? Number(args.partnerId.id) : null);
}

function whereOf(args: ListArgs, ctx: Context) {
  return leaseWhere(partnerOf(args, ctx), filterOf(args.filter)) as never;
}

/** The total counted with the page, handed from the connection's resolver to its totalCount. */
const countedTotals = new WeakMap<object, number>();
