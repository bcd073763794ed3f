import type { Tx } from '../tx.ts';

/**
 * Locks the partner's active owners until the transaction ends and returns their ids. Every change that
 * could take away an owner takes this lock first, so two owners demoting each other at the same moment
 * are applied one after the other, and the second sees that only one owner is left.
 */
export async function lockActiveOwners(tx: Tx, partnerId: number): Promise<number[]> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM "User"
    WHERE "partnerId" = ${partnerId} AND role = 'OWNER' AND active
    ORDER BY id
    FOR UPDATE`;
  return rows.map((row) => row.id);
}

/** True when the user is an active owner and no other active owner would remain. */
export function isLastOwner(activeOwnerIds: readonly number[], userId: number): boolean {
  return activeOwnerIds.includes(userId) && activeOwnerIds.length === 1;
}
