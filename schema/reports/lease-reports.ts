import { countActiveLeases } from '@leaseboard/domain/reports/count-active-leases';
import { countLeaseStartsAndStops } from '@leaseboard/domain/reports/count-lease-starts-and-stops';
import { builder } from '../builder.ts';
import { ReportFilterInput, ReportRangeInput, reportRange, reportScope } from './inputs.ts';
import { ReportsRef } from './reports.ts';

const ActiveLeasesPoint = builder
  .objectRef<{ start: Date; end: Date; activeLeases: number }>('ActiveLeasesPoint')
  .implement({
    fields: (t) => ({
      start: t.expose('start', { type: 'DateTime' }),
      end: t.expose('end', { type: 'DateTime', description: 'Exclusive; the count is taken at this instant.' }),
      activeLeases: t.exposeInt('activeLeases', { description: 'Leases started before `end` and not stopped before it.' }),
    }),
  });

const LeaseFlowPeriod = builder
  .objectRef<{ start: Date; end: Date; started: number; stopped: number; netChange: number }>('LeaseFlowPeriod')
  .implement({
    fields: (t) => ({
      start: t.expose('start', { type: 'DateTime' }),
      end: t.expose('end', { type: 'DateTime' }),
      started: t.exposeInt('started'),
      stopped: t.exposeInt('stopped'),
      netChange: t.exposeInt('netChange', { description: 'started − stopped.' }),
    }),
  });

const LeaseFlowTotals = builder.objectRef<{ started: number; stopped: number; netChange: number }>('LeaseFlowTotals').implement({
  fields: (t) => ({ started: t.exposeInt('started'), stopped: t.exposeInt('stopped'), netChange: t.exposeInt('netChange') }),
});

type Flow = Awaited<ReturnType<typeof countLeaseStartsAndStops>>;
const LeaseFlowReport = builder.objectRef<Flow>('LeaseFlowReport').implement({
  fields: (t) => ({
    periods: t.field({ type: [LeaseFlowPeriod], resolve: (r) => r.periods }),
    totals: t.field({ type: LeaseFlowTotals, resolve: (r) => r.totals }),
    activeAtStart: t.exposeInt('activeAtStart'),
    activeAtEnd: t.exposeInt('activeAtEnd', { description: 'activeAtStart + totals.netChange.' }),
  }),
});

builder.objectField(ReportsRef, 'activeLeases', (t) =>
  t.field({
    type: [ActiveLeasesPoint],
    description: 'Active leases at the end of each day, week or month.',
    authScopes: { scope: 'reports:read' },
    args: { range: t.arg({ type: ReportRangeInput }), filter: t.arg({ type: ReportFilterInput, required: false }) },
    resolve: (_root, args, ctx) => countActiveLeases(ctx.db, reportScope(ctx, args.filter), reportRange(args.range)),
  }),
);

builder.objectField(ReportsRef, 'leaseFlow', (t) =>
  t.field({
    type: LeaseFlowReport,
    description: 'New and stopped leases per day, week or month, and the net change.',
    authScopes: { scope: 'reports:read' },
    args: { range: t.arg({ type: ReportRangeInput }), filter: t.arg({ type: ReportFilterInput, required: false }) },
    resolve: (_root, args, ctx) => countLeaseStartsAndStops(ctx.db, reportScope(ctx, args.filter), reportRange(args.range)),
  }),
);
