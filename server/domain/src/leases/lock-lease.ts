import type { Tx } from '../tx.ts';

export interface LockedLease {
  id: number;
  status: 'ACTIVE' | 'STOPPED';
  version: number;
  productId: number;
}

/**
 * Locks the partner's lease row until the transaction ends, so changes to one lease apply one at a
 * time and each gets the next history version. Another partner's lease is simply not found.
 */
export async function lockLease(tx: Tx, partnerId: number, leaseId: number): Promise<LockedLease | null> {
  const rows = await tx.$queryRaw<LockedLease[]>`
    SELECT id, status::text AS status, version, "productId" FROM "Lease"
    WHERE id = ${leaseId} AND "partnerId" = ${partnerId}
    FOR UPDATE`;
  return rows[0] ?? null;
}
