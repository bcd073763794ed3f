import type { GraphQLResolveInfo } from 'graphql';
import { cappedCount } from '@leaseboard/domain/capped-count.rules';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { selectsField } from '../selection.ts';
import { readablePartnerId } from '../tenancy.ts';

const CustomerFilter = builder.inputType('CustomerFilter', {
  fields: (t) => ({
    email: t.string({ required: false, description: 'Full or partial, case-insensitive.' }),
    name: t.string({ required: false, description: 'Partial name or company, case-insensitive.' }),
    current: t.boolean({ required: false, description: 'true: only customers with an active lease; false: only those without.' }),
  }),
});

function customerWhere(partnerId: number | null, filter: typeof CustomerFilter.$inferInput | null | undefined) {
  const and: Record<string, unknown>[] = [];
  if (partnerId !== null) and.push({ partnerId });
  const email = filter?.email?.trim().toLowerCase();
  if (email) and.push({ emailNorm: { contains: email } });
  const name = filter?.name?.trim();
  if (name) and.push({ OR: [{ name: { contains: name, mode: 'insensitive' } }, { company: { contains: name, mode: 'insensitive' } }] });
  if (filter?.current === true) and.push({ leases: { some: { status: 'ACTIVE' } } });
  if (filter?.current === false) and.push({ leases: { none: { status: 'ACTIVE' } } });
  return { AND: and };
}

type CustomerCount = ReturnType<typeof cappedCount>;

/** The count of each customers connection in this request, by its response path: both count fields share it. */
const counts = new WeakMap<Context, Map<string, Promise<CustomerCount>>>();

function pathKey(path: GraphQLResolveInfo['path'] | undefined): string {
  return path ? `${pathKey(path.prev)}.${path.key}` : '';
}

/** Exact up to `cap` (visiting at most cap + 1 matches), or exact however many match when `exact`. */
function countOnce(ctx: Context, connectionPath: string, where: never, exact: boolean): Promise<CustomerCount> {
  let byPath = counts.get(ctx);
  if (!byPath) counts.set(ctx, (byPath = new Map()));
  let counted = byPath.get(connectionPath);
  if (!counted) {
    const cap = ctx.config.leaseCountCap;
    counted = ctx.db.customer
      .count({ where, ...(exact ? {} : { take: cap + 1 }) })
      .then((found) => cappedCount(found, cap, exact));
    byPath.set(connectionPath, counted);
  }
  return counted;
}

builder.queryField('customers', (t) =>
  t.prismaConnection(
    {
      type: 'Customer',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 25,
      description: 'Customers who have leased or are leasing from you, newest first.',
      authScopes: { scope: 'customers:read' },
      args: {
        filter: t.arg({ type: CustomerFilter, required: false }),
        exactTotalCount: t.arg.boolean({
          required: false,
          defaultValue: false,
          description: 'Count every match however many there are (totalCount is then always exact), at the cost of visiting each one.',
        }),
      },
      totalCount: async (_root, args, ctx, info) =>
        (await countOnce(ctx, pathKey(info.path), customerWhere(readablePartnerId(ctx), args.filter) as never, args.exactTotalCount === true)).totalCount,
      resolve: (query, _root, args, ctx, info) => {
        const where = customerWhere(readablePartnerId(ctx), args.filter) as never;
        // A count that is asked for starts now, beside the page on a connection of its own, rather than after
        // it. Its count fields await the same promise and report its failure; here it must not go unhandled.
        if (selectsField(info, 'totalCount') || selectsField(info, 'totalCountIsExact')) {
          countOnce(ctx, pathKey(info.path), where, args.exactTotalCount === true).catch(() => {});
        }
        return ctx.db.customer.findMany({ ...query, where, orderBy: { id: 'desc' } });
      },
    },
    {
      fields: (c) => ({
        totalCountIsExact: c.boolean({
          description: 'False when more customers match than totalCount says (the count stopped at the cap, 1,000 by default); ask with exactTotalCount for the exact figure.',
          resolve: async (connection, _args, ctx, info) => {
            // Pothos's connection counts through totalCount(), which records the count under this connection's path.
            await (connection as unknown as { totalCount: () => Promise<number> }).totalCount();
            return (await counts.get(ctx)!.get(pathKey(info.path.prev))!).totalCountIsExact;
          },
        }),
      }),
    },
  ),
);
