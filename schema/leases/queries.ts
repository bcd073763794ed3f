import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { LeaseFilter } from '@leaseboard/domain/leases/lease-filter.rules';
import { LEASE_SORTS } from '@leaseboard/domain/leases/lease-order.rules';
import { searchLeases, type LeasePage } from '@leaseboard/domain/leases/search-leases';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { readablePartnerId, readablePartnerIdOf } from '../tenancy.ts';
import { PartnerRef } from '../accounts/partner.ts';
import { ProductRef, ProductTypeRef } from '../catalog/types.ts';
import { CustomerRef } from '../customers/types.ts';
import { rememberCustomers } from '../customers/customer-by-id.ts';
import { leasePageSelection, type LeasePageSelection } from './lease-columns.ts';
import { LeaseRef, LeaseStatusEnum } from './types.ts';

const LeaseSortEnum = builder.enumType('LeaseSort', { values: LEASE_SORTS });

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

/** What the connection's own fields read: the page's count, as the use case gave it. */
interface LeaseCount {
  count: Pick<LeasePage, 'totalCount' | 'totalCountIsExact'>;
}

builder.queryField('leases', (t) =>
  t.connection(
    {
      type: LeaseRef,
      description: 'Leases the filter matches, 25 a page by default and at most 100.',
      authScopes: { scope: 'leases:read' },
      args: {
        filter: t.arg({ type: LeaseFilterInput, required: false }),
        sort: t.arg({ type: LeaseSortEnum, required: false, defaultValue: 'NEWEST' }),
        partnerId: t.arg.globalID({ required: false, for: [PartnerRef], description: "Vendor staff: one partner's leases only." }),
        exactTotalCount: t.arg.boolean({
          required: false,
          defaultValue: false,
          description: 'Count every match however many there are (totalCount is then always exact), at the cost of visiting each one.',
        }),
      },
      resolve: async (_root, args, ctx, info) => {
        const selection = leasePageSelection(info);
        const result = await searchLeases(ctx.db, readablePartnerIdOf(ctx, args.partnerId ? Number(args.partnerId.id) : null), {
          filter: filterOf(args.filter),
          sort: args.sort ?? 'NEWEST',
          first: args.first,
          after: args.after,
          last: args.last,
          before: args.before,
          count: !selection.counts ? 'NONE' : args.exactTotalCount ? 'EXACT' : 'CAPPED',
          countCap: ctx.config.leaseCountCap,
          leaseColumns: selection.columns,
        });
        if (!result.ok) {
          const [error] = result.errors;
          throw new GraphQLError(error!.message, { extensions: { code: error!.code, field: error!.field } });
        }
        const page = result.value;
        return {
          edges: await edgesOf(page, ctx, info, selection),
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: page.hasPreviousPage,
            startCursor: page.leases[0]?.cursor ?? null,
            endCursor: page.leases.at(-1)?.cursor ?? null,
          },
          count: { totalCount: page.totalCount, totalCountIsExact: page.totalCountIsExact },
        } as never;
      },
    },
    {
      fields: (c) => ({
        totalCount: c.int({
          description: 'Every lease the filter matches, up to a cap (1,000 by default); see totalCountIsExact.',
          resolve: (connection) => (connection as unknown as LeaseCount).count.totalCount ?? 0,
        }),
        totalCountIsExact: c.boolean({
          description: 'False when more leases match than totalCount says (the count stopped at the cap); ask with exactTotalCount for the exact figure.',
          resolve: (connection) => (connection as unknown as LeaseCount).count.totalCountIsExact,
        }),
      }),
    },
  ),
);

builder.queryField('lease', (t) =>
  t.prismaField({
    type: 'Lease',
    nullable: true,
    description: 'One lease by its lease ID (the number partners see).',
    authScopes: { scope: 'leases:read' },
    args: { leaseNumber: t.arg.int() },
    resolve: (query, _root, args, ctx) => {
      const partnerId = readablePartnerId(ctx);
      return ctx.db.lease.findFirst({ ...query, where: { id: args.leaseNumber, ...(partnerId === null ? {} : { partnerId }) } });
    },
  }),
);

/**
 * The page's leases as edges. The use case read the columns the selection needs (leasePageSelection) and
 * their customers whole, which is all most pages ask for: scalars, the customer (remembered for the
 * request), and the product, add-ons and price, which come from memory, and the partner, through a
 * DataLoader. A selection that reaches Prisma relations (history, activations) reads the page again with them.
 */
async function edgesOf(page: LeasePage, ctx: Context, info: GraphQLResolveInfo, selection: LeasePageSelection) {
  rememberCustomers(ctx, page.leases.map(({ customer }) => customer));
  const edges = () => page.leases.map(({ lease, cursor }) => ({ cursor, node: lease }));
  if (!page.leases.length || !selection.readsRelations) return edges();
  const query = queryFromInfo({ context: ctx, info, typeName: 'Lease', path: ['edges', 'node'] }) as { include?: object; select?: object };
  if (!(query.include || query.select)) return edges();
  const rows = (await ctx.db.lease.findMany({ ...query, where: { id: { in: page.leases.map(({ lease }) => lease.id) } } } as never)) as { id: number }[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return page.leases.flatMap(({ lease, cursor }) => (byId.has(lease.id) ? [{ cursor, node: byId.get(lease.id)! }] : []));
}

/** The filter as the domain takes it (global IDs to numbers): leases and stopLeases' matchingLeases. */
export function filterOf(filter: typeof LeaseFilterInput.$inferInput | null | undefined): LeaseFilter {
  const f = filter ?? {};
  return {
    ...f,
    productTypeId: f.productTypeId ? Number(f.productTypeId.id) : null,
    productId: f.productId ? Number(f.productId.id) : null,
    customerId: f.customerId ? Number(f.customerId.id) : null,
  };
}
