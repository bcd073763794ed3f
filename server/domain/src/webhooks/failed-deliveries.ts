import type { Db } from '@leaseboard/db';

/** The FAILED deliveries of an endpoint queued at or after `since`: what "replay every failed one since" sends again. */
export function failedDeliveriesSince(endpointId: number, since: Date) {
  return { endpointId, status: 'FAILED' as const, createdAt: { gte: since } };
}

/** How many deliveries replaying the endpoint's failed ones since `since` would send again (the confirmation's count). */
export function countFailedDeliveries(db: Pick<Db, 'webhookDelivery'>, endpointId: number, since: Date): Promise<number> {
  return db.webhookDelivery.count({ where: failedDeliveriesSince(endpointId, since) });
}
