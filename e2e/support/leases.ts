import type { Db } from '@leaseboard/db';
import type { Viewer } from '@leaseboard/domain/auth/viewer';
import { startLease } from '@leaseboard/domain/leases/start-lease';
import { stopLease } from '@leaseboard/domain/leases/stop-lease';

/** The staff member seeding acts as, for the history and the audit log. */
export function seedViewer(user: { id: number; partnerId: number | null; email: string }): Viewer {
  return { kind: 'user', userId: user.id, partnerId: user.partnerId, role: 'OWNER', sessionId: 'e2e-seed', scopes: new Set(), label: user.email };
}

/** Starts a lease through the domain use case, at a chosen instant (e.g. last month, so it can be billed). */
export async function seedLease(
  db: Db,
  viewer: Viewer,
  input: { productId: number; addOnIds?: number[]; email: string; at?: Date },
): Promise<number> {
  const partnerId = viewer.kind === 'anonymous' ? 0 : (viewer.partnerId ?? 0);
  const result = await startLease(db, partnerId, { viewer, ip: null, requestId: 'e2e-seed', at: input.at ?? new Date() }, {
    productId: input.productId,
    addOnIds: input.addOnIds ?? [],
    customer: { email: input.email },
  });
  if (!result.ok) throw new Error(`seed lease refused: ${result.errors.map((e) => e.code).join(', ')}`);
  return result.value.leaseId;
}

export async function seedStop(db: Db, viewer: Viewer, leaseId: number, at = new Date()): Promise<void> {
  const partnerId = viewer.kind === 'anonymous' ? 0 : (viewer.partnerId ?? 0);
  const result = await stopLease(db, partnerId, { viewer, ip: null, requestId: 'e2e-seed', at }, { leaseId });
  if (!result.ok) throw new Error(`seed stop refused: ${result.errors.map((e) => e.code).join(', ')}`);
}
