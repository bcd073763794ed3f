import type { Db } from '@leaseboard/db';

/** The delivery log is kept 30 days. */
export const LOG_RETENTION_MS = 30 * 86_400_000;

/**
 * Deletes attempts older than 30 days, and events older than 30 days with no delivery still pending
 * (their deliveries go with them). Returns how many rows of each went.
 */
export async function pruneWebhookLog(db: Db, now: Date): Promise<{ attempts: number; events: number }> {
  const cutoff = new Date(now.getTime() - LOG_RETENTION_MS);
  const attempts = await db.webhookAttempt.deleteMany({ where: { attemptedAt: { lt: cutoff } } });
  const events = await db.webhookEvent.deleteMany({ where: { createdAt: { lt: cutoff }, deliveries: { none: { status: 'PENDING' } } } });
  return { attempts: attempts.count, events: events.count };
}
