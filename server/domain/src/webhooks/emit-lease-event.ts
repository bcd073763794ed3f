import type { Tx } from '../tx.ts';
import { emitWebhookEvent } from './emit-event.ts';
import { leaseEventData } from './event-data.ts';

/** A lease event with the lease as it is now in the transaction; one lease's events reach each endpoint in order. */
export async function emitLeaseEvent(
  tx: Tx,
  partnerId: number,
  type: 'lease.started' | 'lease.modified' | 'lease.stopped' | 'license.activated' | 'license.deactivated' | 'license.idle',
  leaseId: number,
  at: Date,
): Promise<string> {
  return emitWebhookEvent(tx, { partnerId, type, orderingKey: `lease:${leaseId}`, leaseId, data: () => leaseEventData(tx, leaseId) }, at);
}
