import { DELIVER_WEBHOOKS } from '../after-commit.ts';
import type { Db } from '@leaseboard/db';
import { actorOf } from '../auth/viewer.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type Result } from '../result.ts';
import type { Tx } from '../tx.ts';
import { loadAddOns, loadProduct } from './catalog-facts.ts';
import { planModification } from './lease-config.rules.ts';
import type { LeaseErrorCode } from './lease-errors.ts';
import { lockLease } from './lock-lease.ts';
import { emitLeaseEvent } from '../webhooks/emit-lease-event.ts';

export interface ModifyLeaseInput {
  leaseId: number;
  productId?: number | null;
  addAddOnIds: number[];
  removeAddOnIds: number[];
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

/** Changes product (edition or tier, same type) and add-ons from now on. The key stays; nothing is back-dated. */
export async function modifyLease(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: ModifyLeaseInput,
): Promise<Result<{ leaseId: number }, LeaseErrorCode>> {
  const { idempotencyKey, ...request } = input;
  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'modifyLease', input: request }, (tx) =>
    modifyLeaseIn(tx, partnerId, meta, request),
  );
}

async function modifyLeaseIn(
  tx: Tx,
  partnerId: number,
  meta: RequestMeta,
  input: Omit<ModifyLeaseInput, 'idempotencyKey'>,
): Promise<Result<{ leaseId: number }, LeaseErrorCode>> {
  const locked = await lockLease(tx, partnerId, input.leaseId);
  if (!locked) return fail('LEASE_NOT_FOUND', 'No such lease.', ['leaseId']);
  if (locked.status === 'STOPPED') return fail('LEASE_STOPPED', 'A stopped lease cannot be modified.', ['leaseId']);
  if (input.expectedVersion != null && input.expectedVersion !== locked.version) {
    return fail('VERSION_CONFLICT', `The lease changed meanwhile: it is at version ${locked.version}, not ${input.expectedVersion}.`, ['expectedVersion']);
  }
  const current = await tx.leaseAddOn.findMany({ where: { leaseId: locked.id }, select: { addOnId: true } });
  const currentAddOnIds = current.map((a) => a.addOnId);
  const currentProduct = (await loadProduct(tx, locked.productId))!;
  const requestedProduct = input.productId != null && input.productId !== locked.productId ? await loadProduct(tx, input.productId) : null;
  if (input.productId != null && input.productId !== locked.productId && !requestedProduct) {
    return fail('PRODUCT_NOT_FOUND', 'No such product.', ['productId']);
  }
  const addOns = await loadAddOns(tx, [...currentAddOnIds, ...input.addAddOnIds, ...input.removeAddOnIds]);
  const plan = planModification(
    { product: currentProduct, addOnIds: currentAddOnIds },
    { product: requestedProduct, addAddOnIds: input.addAddOnIds, removeAddOnIds: input.removeAddOnIds },
    addOns,
  );
  if (!plan.ok) return plan;

  const version = locked.version + 1;
  const added = plan.config.addOnIds.filter((id) => !currentAddOnIds.includes(id));
  const removed = currentAddOnIds.filter((id) => !plan.config.addOnIds.includes(id));
  await tx.lease.update({
    where: { id: locked.id },
    data: {
      productId: plan.config.productId,
      version,
      addOns: {
        deleteMany: removed.length ? { addOnId: { in: removed } } : [],
        create: added.map((addOnId) => ({ addOnId, addedAt: meta.at })),
      },
      history: {
        create: {
          partnerId,
          version,
          action: 'MODIFIED',
          effectiveAt: meta.at,
          fromProductId: locked.productId,
          toProductId: plan.config.productId,
          fromAddOnIds: [...currentAddOnIds].sort((a, b) => a - b),
          toAddOnIds: plan.config.addOnIds,
          ...actorOf(meta.viewer),
        },
      },
    },
  });
  await recordAudit(tx, meta, {
    partnerId,
    action: 'lease.modify',
    targetType: 'Lease',
    targetId: locked.id,
    before: { productId: locked.productId, addOnIds: currentAddOnIds, version: locked.version },
    after: { productId: plan.config.productId, addOnIds: plan.config.addOnIds, version },
  });
  await emitLeaseEvent(tx, partnerId, 'lease.modified', locked.id, meta.at);
  return ok({ leaseId: locked.id }, [DELIVER_WEBHOOKS]);
}
