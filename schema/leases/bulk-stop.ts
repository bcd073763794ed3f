import { MAX_BULK_STOP, stopLeases, type BulkStopResult, type StopLeasesOutcome } from '@leaseboard/domain/leases/stop-leases';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { defineMutation } from '../mutation.ts';
import { payloadType } from '../payload.ts';
import { LeaseRef } from './types.ts';
import { LeaseUserError } from './mutations.ts';

const BulkStopOutcomeEnum = builder.enumType('BulkStopOutcome', {
  values: {
    STOPPED: { description: 'Stopped now.' },
    WOULD_STOP: { description: 'Dry run: would be stopped.' },
    REFUSED: { description: 'Not stopped; `code` says why.' },
  } as const,
});

const BulkStopResultRef = builder.objectRef<BulkStopResult>('BulkStopResult').implement({
  description: 'What happened to one lease of a stopLeases call.',
  fields: (t) => ({
    leaseNumber: t.exposeInt('leaseId'),
    outcome: t.field({ type: BulkStopOutcomeEnum, resolve: (r) => r.outcome }),
    code: t.string({ nullable: true, description: 'Why it was refused: LEASE_NOT_FOUND, LEASE_ALREADY_STOPPED, …', resolve: (r) => r.code }),
    message: t.exposeString('message', { nullable: true }),
    monthlyCents: t.int({ description: 'What it costs a month at today’s prices: what stopping it saves (0 when refused).', resolve: (r) => r.monthlyCents }),
  }),
});

const StopLeasesResultRef = builder.objectRef<StopLeasesOutcome>('StopLeasesResult').implement({
  fields: (t) => ({
    dryRun: t.exposeBoolean('dryRun'),
    leases: t.field({ type: [BulkStopResultRef], resolve: (r) => r.results }),
    monthlySavingCents: t.int({ description: 'The monthly cost of the leases stopped (or, in a dry run, that would stop).', resolve: (r) => r.monthlySavingCents }),
  }),
});

const StopLeasesInput = builder.inputType('StopLeasesInput', {
  description: 'Either leaseIds or idle: true.',
  fields: (t) => ({
    leaseIds: t.globalIDList({ required: false, for: [LeaseRef], validate: z.array(z.unknown()).max(MAX_BULK_STOP) }),
    idle: t.boolean({ required: false, description: 'Every idle lease of yours (as in reports.idleLeases), up to 500.' }),
    dryRun: t.boolean({ description: 'Only say what would stop and what it would save.' }),
    idempotencyKey: t.string({ required: false, description: 'Retrying with the same key replays each lease’s first outcome.', validate: z.string().min(1).max(160) }),
  }),
});

const StopLeasesPayload = payloadType('StopLeasesPayload', 'result', StopLeasesResultRef, LeaseUserError);

defineMutation('stopLeases', {
  description: 'Stops several leases (or every idle one), each as stopLease does, and says what happened to each; dryRun changes nothing.',
  access: { scope: 'leases:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: StopLeasesInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    stopLeases(ctx.db, partnerId, meta, {
      leaseIds: input.leaseIds ? input.leaseIds.map((g) => Number(g.id)) : null,
      idle: input.idle ?? null,
      dryRun: input.dryRun,
      idempotencyKey: input.idempotencyKey ?? null,
    }),
  payload: StopLeasesPayload,
  load: (value) => value,
});
