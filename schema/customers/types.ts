import { builder } from '../builder.ts';
import { tenantUnique } from '../tenancy.ts';

export const CustomerRef = builder.prismaNode('Customer', {
  id: { field: 'id' },
  findUnique: (id, ctx) => tenantUnique(id, ctx),
  authScopes: (_customer, ctx) => ctx.viewer.scopes.has('customers:read') || ctx.viewer.scopes.has('leases:read'),
  fields: (t) => ({
    email: t.exposeString('email'),
    name: t.exposeString('name', { nullable: true }),
    company: t.exposeString('company', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    leases: t.relatedConnection('leases', { cursor: 'id', totalCount: true, query: { orderBy: { id: 'desc' } } }),
  }),
});
