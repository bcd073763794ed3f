import type { Db } from '@leaseboard/db';
import { actorOf } from '../auth/viewer.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type DomainError, type Result } from '../result.ts';
import type { Tx } from '../tx.ts';
import type { LeaseErrorCode } from './lease-errors.ts';
import { lockLease, type LockedLease } from './lock-lease.ts';
import { DELIVER_WEBHOOKS } from '../after-commit.ts';
import { emitLeaseEvent } from '../webhooks/emit-lease-event.ts';

export interface StopLeaseInput {
  leaseId: number;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

/** Stops the lease now: charges end at this instant, and the history records who stopped it. */
export async function stopLease(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: StopLeaseInput,
): Promise<Result<{ leaseId: number }, LeaseErrorCode>> {
  const { idempotencyKey, ...request } = input;
  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'stopLease', input: request }, (tx) =>
    stopLeaseInTransaction(tx, partnerId, meta, request),
  );
}

/**
 * Why this lease cannot be stopped (null: it can). The one rule for stopping, used by stopLease and by the
 * dry run of stopLeases, so a dry run predicts exactly what the stop does.
 */
export function stopRefusal(
  lease: Pick<LockedLease, 'status' | 'version'> | null,
  request: Pick<StopLeaseInput, 'expectedVersion'>,
): { ok: false; errors: DomainError<LeaseErrorCode>[] } | null {
  if (!lease) return fail('LEASE_NOT_FOUND', 'No such lease.', ['leaseId']);
  if (lease.status === 'STOPPED') return fail('LEASE_ALREADY_STOPPED', 'This lease is already stopped.', ['leaseId']);
  if (request.expectedVersion != null && request.expectedVersion !== lease.version) {
    return fail('VERSION_CONFLICT', `The lease changed meanwhile: it is at version ${lease.version}, not ${request.expectedVersion}.`, ['expectedVersion']);
  }
  return null;
}

/**
 * The stop itself, inside the caller's transaction: lock the partner's lease, check it, write the stop, its
 * history version and the audit row. A refusal writes nothing. stopLeases runs this for each lease of a batch.
 */
export async function stopLeaseInTransaction(
  tx: Tx,
  partnerId: number,
  meta: RequestMeta,
  request: Omit<StopLeaseInput, 'idempotencyKey'>,
): Promise<Result<{ leaseId: number }, LeaseErrorCode>> {
  const locked = await lockLease(tx, partnerId, request.leaseId);
  const refusal = stopRefusal(locked, request);
  if (refusal) return refusal;
  if (!locked) throw new Error('stopRefusal passed a missing lease');
  const addOns = await tx.leaseAddOn.findMany({ where: { leaseId: locked.id }, select: { addOnId: true } });
  const version = locked.version + 1;
  await tx.lease.update({
    where: { id: locked.id },
    data: {
      status: 'STOPPED',
      stoppedAt: meta.at,
      version,
      history: {
        create: {
          partnerId,
          version,
          action: 'STOPPED',
          effectiveAt: meta.at,
          fromProductId: locked.productId,
          fromAddOnIds: addOns.map((a) => a.addOnId).sort((a, b) => a - b),
          toAddOnIds: [],
          ...actorOf(meta.viewer),
        },
      },
    },
  });
  await recordAudit(tx, meta, {
    partnerId,
    action: 'lease.stop',
    targetType: 'Lease',
    targetId: locked.id,
    before: { status: 'ACTIVE', version: locked.version },
    after: { status: 'STOPPED', version, stoppedAt: meta.at.toISOString() },
  });
  await emitLeaseEvent(tx, partnerId, 'lease.stopped', locked.id, meta.at);
  return ok({ leaseId: locked.id }, [DELIVER_WEBHOOKS]);
}
