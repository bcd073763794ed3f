import { MAX_LEASES_PER_CALL, stopLeases, type StopLeasesItem, type StopLeasesReport } from '@leaseboard/domain/leases/stop-leases';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import { defineMutation } from '../mutation.ts';
import { payloadType } from '../payload.ts';
import { ReportFilterInput } from '../reports/inputs.ts';
import { idempotencyKey, LeaseUserError } from './mutations.ts';
import { filterOf, LeaseFilterInput } from './queries.ts';
import { LeaseRef } from './types.ts';

const StopLeaseOutcomeEnum = builder.enumType('StopLeaseOutcome', {
  values: {
    STOPPED: { description: 'Stopped now.' },
    WOULD_STOP: { description: 'Dry run: would be stopped.' },
    ALREADY_STOPPED: { description: 'Was already stopped; nothing changed.' },
    NOT_FOUND: { description: 'No such lease of yours (another partner’s lease included).' },
    REFUSED: { description: 'Not stopped: `code` says why.' },
  } as const,
});

const StopLeaseResultRef = builder.objectRef<StopLeasesItem>('StopLeaseResult').implement({
  description: 'What stopLeases did (or, in a dry run, would do) to one lease.',
  fields: (t) => ({
    leaseId: t.id({ resolve: (i) => encodeGlobalID('Lease', i.leaseId) }),
    leaseNumber: t.exposeInt('leaseId'),
    outcome: t.expose('outcome', { type: StopLeaseOutcomeEnum }),
    code: t.string({ nullable: true, description: 'The lease error code when not stopped (LEASE_NOT_FOUND, LEASE_ALREADY_STOPPED, …).', resolve: (i) => i.code }),
    message: t.exposeString('message', { nullable: true }),
    productName: t.exposeString('productName', { nullable: true }),
    customerEmail: t.exposeString('customerEmail', { nullable: true }),
    monthlyCents: t.expose('monthlyCents', { type: 'Cents', description: 'What the lease costs per month at the prices in force now (0 when not found).' }),
  }),
});

const StopLeasesResultRef = builder.objectRef<StopLeasesReport>('StopLeasesResult').implement({
  description: 'The answer of stopLeases: one result per lease, in the order selected, and the totals.',
  fields: (t) => ({
    dryRun: t.exposeBoolean('dryRun'),
    results: t.field({ type: [StopLeaseResultRef], resolve: (r) => r.items }),
    stoppedCount: t.exposeInt('stoppedCount', { description: 'Stopped now (in a dry run: that would be).' }),
    alreadyStoppedCount: t.exposeInt('alreadyStoppedCount'),
    notFoundCount: t.exposeInt('notFoundCount'),
    refusedCount: t.exposeInt('refusedCount'),
    monthlySavingCents: t.expose('monthlySavingCents', { type: 'Cents', description: 'The monthly price of the leases stopped (or that would be).' }),
    matchedCount: t.exposeInt('matchedCount', { description: 'Leases the selection matched: the IDs sent, every idle lease in scope, or every active lease the filter matches.' }),
    remainingCount: t.exposeInt('remainingCount', { description: `Leases matched by a filter beyond the ${MAX_LEASES_PER_CALL} of one call, left for another call.` }),
  }),
});

const StopLeasesInput = builder.inputType('StopLeasesInput', {
  description: `Exactly one of leaseIds, idleLeases and matchingLeases. At most ${MAX_LEASES_PER_CALL} leases per call.`,
  fields: (t) => ({
    leaseIds: t.globalIDList({ for: [LeaseRef], required: false, description: `These leases, at most ${MAX_LEASES_PER_CALL} (more is refused with TOO_MANY_LEASES).` }),
    idleLeases: t.field({
      type: ReportFilterInput,
      required: false,
      description: `The idle leases that reports.idleLeases lists with this filter ({} for all), the ${MAX_LEASES_PER_CALL} most expensive first; remainingCount says how many are left.`,
    }),
    matchingLeases: t.field({
      type: LeaseFilterInput,
      required: false,
      description: `The active leases that leases(filter:) matches with this filter ({} for all), the ${MAX_LEASES_PER_CALL} with the lowest IDs first; remainingCount says how many are left.`,
    }),
    dryRun: t.boolean({ required: false, defaultValue: false, description: 'Say what would be stopped and the monthly saving; change nothing.' }),
    idempotencyKey: t.string(idempotencyKey()),
  }),
});

const StopLeasesPayload = payloadType('StopLeasesPayload', 'result', StopLeasesResultRef, LeaseUserError);

defineMutation('stopLeases', {
  description: `Stops many leases now, each as stopLease does, in one transaction (at most ${MAX_LEASES_PER_CALL}), and answers per lease.`,
  access: { scope: 'leases:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: StopLeasesInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    stopLeases(ctx.db, partnerId, meta, {
      leaseIds: input.leaseIds ? input.leaseIds.map((g) => Number(g.id)) : null,
      idle: input.idleLeases
        ? {
            productTypeId: input.idleLeases.productTypeId ? Number(input.idleLeases.productTypeId.id) : null,
            productId: input.idleLeases.productId ? Number(input.idleLeases.productId.id) : null,
          }
        : null,
      matching: input.matchingLeases ? filterOf(input.matchingLeases) : null,
      dryRun: input.dryRun ?? false,
      idempotencyKey: input.idempotencyKey ?? null,
    }),
  payload: StopLeasesPayload,
  load: (report) => report,
});
