import { builder } from '../builder.ts';
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

builder.queryField('customers', (t) =>
  t.prismaConnection({
    type: 'Customer',
    cursor: 'id',
    maxSize: 100,
    defaultSize: 25,
    description: 'Customers who have leased or are leasing from you, newest first.',
    authScopes: { scope: 'customers:read' },
    args: { filter: t.arg({ type: CustomerFilter, required: false }) },
    totalCount: (_root, args, ctx) => ctx.db.customer.count({ where: customerWhere(readablePartnerId(ctx), args.filter) as never }),
    resolve: (query, _root, args, ctx) =>
      ctx.db.customer.findMany({ ...query, where: customerWhere(readablePartnerId(ctx), args.filter) as never, orderBy: { id: 'desc' } }),
  }),
);
