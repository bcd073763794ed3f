import { DELIVER_WEBHOOKS } from '../after-commit.ts';
import type { Db } from '@leaseboard/db';
import { actorOf } from '../auth/viewer.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type Result } from '../result.ts';
import type { LeaseErrorCode } from './lease-errors.ts';
import { lockLease } from './lock-lease.ts';
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
  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'stopLease', input: request }, async (tx) => {
    const locked = await lockLease(tx, partnerId, request.leaseId);
    if (!locked) return fail('LEASE_NOT_FOUND', 'No such lease.', ['leaseId']);
    if (locked.status === 'STOPPED') return fail('LEASE_ALREADY_STOPPED', 'This lease is already stopped.', ['leaseId']);
    if (request.expectedVersion != null && request.expectedVersion !== locked.version) {
      return fail('VERSION_CONFLICT', `The lease changed meanwhile: it is at version ${locked.version}, not ${request.expectedVersion}.`, ['expectedVersion']);
    }
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
  });
}
