import type { Tx } from '../tx.ts';

/** The PostgreSQL channel live updates travel on between processes. */
export const LIVE_CHANNEL = 'leaseboard_live';

/** A change the open pages of one partner may want to show; small, since NOTIFY payloads are capped at 8 kB. */
export interface LiveMessage {
  partnerId: number;
  /** A webhook event type (lease.started, invoice.paid, …) or export.progress. */
  type: string;
  /** The webhook event's id; null for export progress, which has no event. */
  eventId: string | null;
  leaseId: number | null;
  invoiceId: number | null;
  exportId: number | null;
}

/**
 * Announces a change inside the transaction that makes it: PostgreSQL delivers a NOTIFY only when the
 * transaction commits, to every process listening, so no page hears of a change that rolled back.
 */
export async function notifyLive(tx: Pick<Tx, '$executeRaw'>, message: LiveMessage): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(message)})`;
}

/** notifyLive for several messages in one statement, delivered in this order. */
export async function notifyLiveMany(tx: Pick<Tx, '$executeRaw'>, messages: readonly LiveMessage[]): Promise<void> {
  if (messages.length === 0) return;
  if (messages.length === 1) return notifyLive(tx, messages[0]!);
  const payloads = messages.map((message) => JSON.stringify(message));
  await tx.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, p) FROM unnest(${payloads}::text[]) WITH ORDINALITY AS m(p, n) ORDER BY n`;
}

export function parseLiveMessage(payload: string): LiveMessage | null {
  try {
    const value = JSON.parse(payload) as LiveMessage;
    return typeof value.partnerId === 'number' && typeof value.type === 'string' ? value : null;
  } catch {
    return null;
  }
}
