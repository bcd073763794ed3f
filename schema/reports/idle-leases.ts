import { findIdleLeases, IDLE_AFTER_DAYS, IDLE_GRACE_DAYS, type IdleCursor, type IdleLease } from '@leaseboard/domain/reports/find-idle-leases';
import { formatLicenseKey } from '@leaseboard/domain/licenses/license-key.rules';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { ReportFilterInput, reportScope } from './inputs.ts';
import { ReportsRef } from './reports.ts';

const MAX_PAGE = 100;

const IdleReasonEnum = builder.enumType('IdleReason', {
  values: {
    NEVER_ACTIVATED: { description: `No server has ever reported this key, ${IDLE_GRACE_DAYS} days or more after the lease started.` },
    NOT_SEEN: { description: `Its server has not checked in for ${IDLE_AFTER_DAYS} days or more.` },
  } as const,
});

const IdleLeaseRef = builder.objectRef<IdleLease>('IdleLease').implement({
  description: 'An active lease that costs money but is not in use.',
  fields: (t) => ({
    leaseId: t.id({ resolve: (l) => encodeGlobalID('Lease', l.leaseId) }),
    leaseNumber: t.exposeInt('leaseId'),
    licenseKey: t.string({ resolve: (l) => formatLicenseKey(l.licenseKey) }),
    customerEmail: t.exposeString('customerEmail'),
    productName: t.exposeString('productName'),
    machineName: t.exposeString('serverName', { nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', nullable: true }),
    reason: t.expose('reason', { type: IdleReasonEnum }),
    idleDays: t.exposeInt('idleDays', { description: 'Whole days since its server was last seen (NOT_SEEN), or since the lease started (NEVER_ACTIVATED).' }),
    monthlyCents: t.expose('monthlyCents', { type: 'Cents', description: 'What stopping it saves per month.' }),
  }),
});

const encodeCursor = (l: IdleLease) => Buffer.from(`idle:${l.monthlyCents}:${l.leaseId}`).toString('base64url');

function decodeCursor(cursor: string): IdleCursor {
  const match = /^idle:(\d{1,15}):(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new GraphQLError('Invalid cursor', { extensions: { code: 'BAD_USER_INPUT' } });
  return { monthlyCents: Number(match[1]), leaseId: Number(match[2]) };
}

builder.objectField(ReportsRef, 'idleLeases', (t) =>
  t.connection(
    {
      type: IdleLeaseRef,
      description: `Active leases not seen by their server for ${IDLE_AFTER_DAYS} days or more, or never activated ${IDLE_GRACE_DAYS} days or more after they started, most expensive first.`,
      authScopes: { scope: 'reports:read' },
      args: { filter: t.arg({ type: ReportFilterInput, required: false }) },
      resolve: async (_root, args, ctx) => {
        if (args.last != null || args.before != null) {
          throw new GraphQLError('idleLeases pages forward only: use first and after', { extensions: { code: 'BAD_USER_INPUT' } });
        }
        const first = Math.max(0, Math.min(MAX_PAGE, args.first ?? 25));
        const page = await findIdleLeases(ctx.db, reportScope(ctx, args.filter), ctx.clock.now(), {
          first,
          after: args.after ? decodeCursor(args.after) : null,
        });
        const edges = page.leases.map((node) => ({ cursor: encodeCursor(node), node }));
        return {
          edges,
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: args.after != null,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges[edges.length - 1]?.cursor ?? null,
          },
          totalCount: page.totalCount,
          totalMonthlyCents: page.totalMonthlyCents,
        };
      },
    },
    {
      name: 'IdleLeaseConnection',
      fields: (c) => ({
        totalCount: c.int({ description: 'Every idle lease, not only this page.', resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount }),
        idleAfterDays: c.int({ description: 'A lease whose server has not been seen for this many days is idle.', resolve: () => IDLE_AFTER_DAYS }),
        graceDays: c.int({ description: 'A lease never activated counts as idle only this many days after it started.', resolve: () => IDLE_GRACE_DAYS }),
        totalMonthlyCents: c.field({
          type: 'Cents',
          description: 'What stopping every idle lease would save per month.',
          resolve: (conn) => (conn as unknown as { totalMonthlyCents: number }).totalMonthlyCents,
        }),
      }),
    },
  ),
);
