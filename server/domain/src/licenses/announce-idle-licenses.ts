import type { Db } from '@leaseboard/db';
import { IDLE_AFTER_DAYS } from '../reports/find-idle-leases.ts';
import { emitWebhookEvents } from '../webhooks/emit-event.ts';
import { leaseEventData } from '../webhooks/event-data.ts';

const DAY_MS = 86_400_000;

/**
 * `license.idle` for each active lease whose license was seen, but not for IDLE_AFTER_DAYS, and has had
 * no event for this quiet spell: a LicenseIdleNotice row remembers the spell (the lastSeenAt it began
 * at), written with the events in one transaction per batch. A lease seen again gets a new lastSeenAt, so
 * its next quiet spell is announced again. Never-activated leases are not announced: no license went
 * quiet. The lease rows are locked (an activation in progress is skipped, and announced next day if it
 * still is idle). Returns how many were announced.
 */
export async function announceIdleLicenses(db: Db, now: Date, { batch = 500 }: { batch?: number } = {}): Promise<number> {
  const seenBefore = new Date(now.getTime() - IDLE_AFTER_DAYS * DAY_MS);
  let announced = 0;
  for (;;) {
    const count = await db.$transaction(async (tx) => {
      const leases = await tx.$queryRaw<{ id: number; partnerId: number; lastSeenAt: Date }[]>`
        SELECT l.id, l."partnerId", l."lastSeenAt" FROM "Lease" l
        LEFT JOIN "LicenseIdleNotice" n ON n."leaseId" = l.id
        WHERE l.status = 'ACTIVE' AND l."lastSeenAt" <= ${seenBefore} AND n."lastSeenAt" IS DISTINCT FROM l."lastSeenAt"
        ORDER BY l.id LIMIT ${batch} FOR UPDATE OF l SKIP LOCKED`;
      if (leases.length === 0) return 0;
      await tx.$executeRaw`
        INSERT INTO "LicenseIdleNotice" ("leaseId", "lastSeenAt", "emittedAt")
        SELECT id, seen, ${now} FROM unnest(${leases.map((l) => l.id)}::int4[], ${leases.map((l) => l.lastSeenAt)}::timestamptz[]) AS s(id, seen)
        ON CONFLICT ("leaseId") DO UPDATE SET "lastSeenAt" = EXCLUDED."lastSeenAt", "emittedAt" = EXCLUDED."emittedAt"`;
      await emitWebhookEvents(
        tx,
        leases.map((lease) => ({ partnerId: lease.partnerId, type: 'license.idle' as const, orderingKey: `lease:${lease.id}`, leaseId: lease.id, data: () => leaseEventData(tx, lease.id) })),
        now,
      );
      return leases.length;
    });
    announced += count;
    if (count < batch) return announced;
  }
}
