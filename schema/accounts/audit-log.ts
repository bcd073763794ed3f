import { viewerPartnerId } from '@leaseboard/domain/auth/viewer';
import { AUDIT_ACTIONS, auditActionLabel } from '@leaseboard/domain/audit/audit-actions';
import { describeAuditEntry, loadAuditNames, type AuditNames } from '@leaseboard/domain/audit/describe-audit-entry';
import type { Context } from '../context.ts';
import { z } from 'zod';
import { builder } from '../builder.ts';

builder.prismaObject('AuditLog', {
  name: 'AuditLogEntry',
  description: 'One change, recorded in the same transaction as the change itself.',
  fields: (t) => ({
    id: t.exposeID('id'),
    actor: t.exposeString('actorLabel', { description: 'Who did it: a login email, api-key:<prefix>, or server:<name> for a licensed server.' }),
    action: t.exposeString('action', { description: 'e.g. lease.start, user.deactivate, api_key.revoke.' }),
    actionLabel: t.string({ description: 'The action as people name it, e.g. "Lease started".', resolve: (row) => auditActionLabel(row.action) }),
    summary: t.string({
      description: 'What changed, in one sentence with names instead of internal IDs (products, add-ons, users).',
      select: { action: true, targetType: true, targetId: true, before: true, after: true },
      resolve: async (row, _args, ctx) => describeAuditEntry(row, await auditNames(ctx)),
    }),
    targetType: t.exposeString('targetType'),
    targetId: t.exposeString('targetId', { nullable: true }),
    before: t.expose('before', { type: 'JSON', nullable: true }),
    after: t.expose('after', { type: 'JSON', nullable: true }),
    ip: t.exposeString('ip', { nullable: true }),
    requestId: t.exposeString('requestId', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const namesByRequest = new WeakMap<Context, Promise<AuditNames>>();

/** The names a page of entries mentions, read once per request. */
function auditNames(ctx: Context): Promise<AuditNames> {
  let names = namesByRequest.get(ctx);
  if (!names) namesByRequest.set(ctx, (names = loadAuditNames(ctx.db, viewerPartnerId(ctx.viewer))));
  return names;
}

const AuditActionRef = builder.objectRef<{ action: string; label: string }>('AuditAction').implement({
  description: 'An action the audit log records.',
  fields: (t) => ({ action: t.exposeString('action'), label: t.exposeString('label') }),
});

builder.queryField('auditActions', (t) =>
  t.field({
    type: [AuditActionRef],
    description: 'Every action the audit log records, for filtering by action.',
    authScopes: { scope: 'audit:read' },
    resolve: () => Object.entries(AUDIT_ACTIONS).map(([action, label]) => ({ action, label })),
  }),
);

const AuditLogFilter = builder.inputType('AuditLogFilter', {
  fields: (t) => ({
    action: t.string({ required: false, description: 'Exact action, e.g. lease.stop.', validate: z.string().max(100) }),
    targetType: t.string({ required: false, description: 'Exact target type, e.g. Lease, User, ApiKey.', validate: z.string().max(100) }),
  }),
});

builder.queryField('auditLog', (t) =>
  t.prismaConnection({
    type: 'AuditLog',
    cursor: 'id',
    maxSize: 100,
    defaultSize: 50,
    description: "Your partner's audit log, newest first.",
    authScopes: { scope: 'audit:read' },
    args: { filter: t.arg({ type: AuditLogFilter, required: false }) },
    totalCount: (_root, args, ctx) => ctx.db.auditLog.count({ where: auditWhere(viewerPartnerId(ctx.viewer), args.filter) }),
    resolve: (query, _root, args, ctx) =>
      ctx.db.auditLog.findMany({
        ...query,
        where: auditWhere(viewerPartnerId(ctx.viewer), args.filter),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
);

function auditWhere(partnerId: number | null, filter: typeof AuditLogFilter.$inferInput | null | undefined) {
  return {
    partnerId: partnerId ?? -1,
    ...(filter?.action ? { action: filter.action } : {}),
    ...(filter?.targetType ? { targetType: filter.targetType } : {}),
  };
}
