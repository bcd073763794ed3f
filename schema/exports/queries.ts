import { builder } from '../builder.ts';
import { tenantWhere } from '../tenancy.ts';
import { ExportRef } from './types.ts';

builder.queryField('export', (t) =>
  t.prismaField({
    type: 'Export',
    nullable: true,
    authScopes: { scope: 'customers:export' },
    args: { id: t.arg.globalID({ for: [ExportRef] }) },
    resolve: (query, _root, args, ctx) => ctx.db.export.findFirst({ ...query, where: { id: Number(args.id.id), ...tenantWhere(ctx) } }),
  }),
);

builder.queryField('exports', (t) =>
  t.prismaConnection({
    type: 'Export',
    cursor: 'id',
    maxSize: 100,
    defaultSize: 25,
    description: 'Your exports, newest first.',
    authScopes: { scope: 'customers:export' },
    resolve: (query, _root, _args, ctx) => ctx.db.export.findMany({ ...query, where: tenantWhere(ctx), orderBy: { id: 'desc' } }),
  }),
);
