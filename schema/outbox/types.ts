import { builder } from '../builder.ts';
import { tenantWhere } from '../tenancy.ts';

const OutboxStatusEnum = builder.enumType('OutboxStatus', { values: ['PENDING', 'SENT', 'FAILED'] as const });

builder.prismaObject('OutboxMessage', {
  description: 'Mail the system sends (license keys, invoices, dunning). Kept until sent; visible even without SMTP.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind'),
    to: t.exposeStringList('to'),
    subject: t.exposeString('subject'),
    status: t.expose('status', { type: OutboxStatusEnum }),
    attempts: t.exposeInt('attempts'),
    lastError: t.exposeString('lastError', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('outboxMessages', (t) =>
  t.prismaConnection({
    type: 'OutboxMessage',
    cursor: 'id',
    maxSize: 100,
    description: "Your outgoing mail, newest first (vendor staff: everyone's).",
    authScopes: { scope: 'audit:read', vendor: true },
    args: { status: t.arg({ type: OutboxStatusEnum, required: false }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.outboxMessage.findMany({
        ...query,
        where: { ...tenantWhere(ctx), ...(args.status ? { status: args.status } : {}) },
        orderBy: { id: 'desc' },
      }),
  }),
);
