import type { Db } from '@leaseboard/db';
import { CHARGE_TX } from './billing-deps.ts';
import type { ChargeTrigger } from './dunning.rules.ts';
import { recordInvoicesPaid } from './invoice-paid.ts';


export interface StartedAttempt {
  id: number;
  invoiceId: number;
  attemptNumber: number;
  amountCents: number;
  currency: string;
  token: string;
  trigger: string;
  invoiceNumber: string | null;
  /** True when this resumes an orphaned attempt rather than starting a new one. */
  resumed: boolean;
}

export type BeginOutcome =
  | { kind: 'attempt'; attempt: StartedAttempt }
  | { kind: 'paid-without-charge' }
  | { kind: 'skip'; reason: 'NOT_FOUND' | 'ALREADY_PAID' | 'NOT_PAYABLE' | 'NOT_DUE' | 'IN_PROGRESS' | 'NO_CARD' };

export interface BeginOptions {
  trigger: ChargeTrigger;
  now: Date;
  /** Charge this card instead of the card on file (the partner's own, checked here). */
  paymentMethodId?: number | null;
  /** Tenant guard for requests: another partner's invoice is not found. */
  partnerId?: number | null;
  /**
   * A PENDING attempt younger than this is left to the process that began it (IN_PROGRESS); an older one
   * is resumed with its key. 0 (the default) resumes at once: the key makes that safe, and the gateway
   * answers IN_PROGRESS while the first request is still being processed.
   */
  resumeGraceMs?: number;
}

/**
 * Decides, with the invoice row locked, whether to charge, and if so commits a PENDING attempt numbered
 * after the last one before the gateway is called: its idempotency key is then fixed, so a crash after
 * the call can only lead to the same attempt being resumed with the same key, never to a second charge.
 * A PENDING attempt (another process is charging, or died while charging) is resumed, not replaced.
 */
export async function beginAttempt(db: Db, invoiceId: number, options: BeginOptions): Promise<BeginOutcome> {
  return db.$transaction(async (tx) => {
    const [invoice] = await tx.$queryRaw<{ id: number; partnerId: number; status: string; totalCents: number; currency: string; number: string | null; nextRetryAt: Date | null }[]>`
      SELECT id, "partnerId", status::text AS status, "totalCents", currency, number, "nextRetryAt"
      FROM "Invoice" WHERE id = ${invoiceId} FOR UPDATE`;
    if (!invoice || (options.partnerId != null && invoice.partnerId !== options.partnerId)) return skip('NOT_FOUND');
    if (invoice.status === 'PAID') return skip('ALREADY_PAID');
    if (invoice.status !== 'OPEN' && invoice.status !== 'PAST_DUE') return skip('NOT_PAYABLE');

    const latest = await tx.paymentAttempt.findFirst({
      where: { invoiceId },
      orderBy: { attemptNumber: 'desc' },
      include: { paymentMethod: { select: { token: true } } },
    });
    if (latest?.status === 'PENDING') {
      if (options.now.getTime() - latest.createdAt.getTime() < (options.resumeGraceMs ?? 0)) return skip('IN_PROGRESS');
      const attempt = { ...latest, currency: invoice.currency, token: latest.paymentMethod?.token ?? '', invoiceNumber: invoice.number, resumed: true };
      return { kind: 'attempt', attempt } as const;
    }
    if (invoice.totalCents <= 0) {
      await tx.invoice.update({ where: { id: invoiceId }, data: { status: 'PAID', paidAt: options.now, nextRetryAt: null } });
      await recordInvoicesPaid(tx, [invoiceId], options.now);
      return { kind: 'paid-without-charge' } as const;
    }
    if (!isDue(options, invoice, latest !== null)) return skip('NOT_DUE');

    const method = await tx.paymentMethod.findFirst({
      where: options.paymentMethodId != null
        ? { id: options.paymentMethodId, partnerId: invoice.partnerId }
        : { partnerId: invoice.partnerId, removedAt: null },
      orderBy: { id: 'desc' },
      select: { id: true, token: true },
    });
    if (!method) return skip('NO_CARD');
    const created = await tx.paymentAttempt.create({
      data: {
        invoiceId,
        attemptNumber: (latest?.attemptNumber ?? 0) + 1,
        paymentMethodId: method.id,
        amountCents: invoice.totalCents,
        status: 'PENDING',
        trigger: options.trigger,
        createdAt: options.now,
      },
    });
    const attempt = { ...created, currency: invoice.currency, token: method.token, invoiceNumber: invoice.number, resumed: false };
    return { kind: 'attempt', attempt } as const;
  }, CHARGE_TX);
}

function isDue(options: BeginOptions, invoice: { status: string; nextRetryAt: Date | null }, charged: boolean): boolean {
  switch (options.trigger) {
    case 'finalize':
      return !charged;
    case 'retry':
      return invoice.status === 'OPEN' && invoice.nextRetryAt !== null && invoice.nextRetryAt <= options.now;
    case 'card-updated':
    case 'manual':
      return true;
  }
}

function skip(reason: Extract<BeginOutcome, { kind: 'skip' }>['reason']): BeginOutcome {
  return { kind: 'skip', reason };
}
