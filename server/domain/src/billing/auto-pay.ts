import type { StartedAttempt } from './begin-attempt.ts';
import { type BillingDeps, CHARGE_TX } from './billing-deps.ts';
import { type AttemptResult, completeAttempt } from './complete-attempt.ts';
import { callGateway, type ChargeStatus, isInProgress } from './charge-invoice.ts';
import { recordInvoicesPaid } from './invoice-paid.ts';
import { mapLimit } from './map-limit.ts';

/**
 * Auto-pay for freshly finalised invoices, in bulk: the same protocol as chargeInvoice (a PENDING
 * attempt committed before the gateway is called, with the key invoice:<id>:attempt:1), but a few
 * statements for the whole batch instead of several per invoice. Attempt 1 is unique per invoice, so of
 * two runs that get here at once only one inserts it and charges. Zero totals are marked paid without a
 * charge; invoices whose partner has no card on file are left OPEN.
 */
export async function autoPayInvoices(deps: BillingDeps, invoiceIds: readonly number[], concurrency = 8): Promise<Partial<Record<ChargeStatus, number>>> {
  const counts: Partial<Record<ChargeStatus, number>> = {};
  const count = (status: ChargeStatus, n = 1) => {
    if (n > 0) counts[status] = (counts[status] ?? 0) + n;
  };
  if (invoiceIds.length === 0) return counts;
  const now = deps.clock.now();
  const ids = [...invoiceIds];

  const zero = await deps.db.$transaction(async (tx) => {
    const paid = await tx.$queryRaw<{ id: number }[]>`
      UPDATE "Invoice" SET status = 'PAID', "paidAt" = ${now}, "updatedAt" = ${now}
      WHERE id = ANY(${ids}::int4[]) AND status = 'OPEN' AND "totalCents" <= 0
      RETURNING id`;
    await recordInvoicesPaid(tx, paid.map((row) => row.id), now);
    return paid.length;
  }, CHARGE_TX);
  count('PAID', zero);

  const attempts = await deps.db.$queryRaw<(Omit<StartedAttempt, 'resumed'>)[]>`
    WITH card AS (
      SELECT DISTINCT ON (pm."partnerId") pm.id, pm."partnerId", pm.token FROM "PaymentMethod" pm
      WHERE pm."removedAt" IS NULL AND pm."partnerId" IN (SELECT "partnerId" FROM "Invoice" WHERE id = ANY(${ids}::int4[]))
      ORDER BY pm."partnerId", pm.id DESC
    ), inserted AS (
      INSERT INTO "PaymentAttempt" ("invoiceId", "attemptNumber", "paymentMethodId", "amountCents", status, trigger, "createdAt")
      SELECT i.id, 1, card.id, i."totalCents", 'PENDING', 'finalize', ${now}
      FROM "Invoice" i JOIN card ON card."partnerId" = i."partnerId"
      WHERE i.id = ANY(${ids}::int4[]) AND i.status = 'OPEN' AND i."totalCents" > 0
        AND NOT EXISTS (SELECT 1 FROM "PaymentAttempt" a WHERE a."invoiceId" = i.id)
      ORDER BY i.id
      ON CONFLICT ("invoiceId", "attemptNumber") DO NOTHING
      RETURNING id, "invoiceId", "attemptNumber", "amountCents", "paymentMethodId", trigger
    )
    SELECT inserted.id, inserted."invoiceId", inserted."attemptNumber", inserted."amountCents", inserted.trigger,
           i.currency, i.number AS "invoiceNumber", card.token
    FROM inserted JOIN "Invoice" i ON i.id = inserted."invoiceId" JOIN card ON card.id = inserted."paymentMethodId"
    ORDER BY inserted."invoiceId"`;
  const withoutCard = await deps.db.invoice.count({
    where: { id: { in: ids }, status: 'OPEN', totalCents: { gt: 0 }, partner: { paymentMethods: { none: { removedAt: null } } } },
  });
  count('NO_CARD', withoutCard);
  await deps.hooks?.afterPending?.(attempts.map((attempt) => attempt.invoiceId));

  const outcomes = await mapLimit(attempts, concurrency, async (attempt) => {
    let result: AttemptResult | 'IN_PROGRESS' | null;
    try {
      result = await callGateway(deps, { ...attempt, resumed: false });
    } catch (error) {
      if (isInProgress(error)) result = 'IN_PROGRESS';
      else {
        deps.logger?.warn('payment gateway did not answer; the attempt will be resumed', { invoiceId: attempt.invoiceId, error });
        result = null;
      }
    }
    if (result !== null && result !== 'IN_PROGRESS') await deps.hooks?.afterGatewayCharge?.(attempt.invoiceId);
    return { attempt: { ...attempt, resumed: false }, result };
  });

  const succeeded = outcomes.filter(
    (o): o is { attempt: StartedAttempt; result: Extract<AttemptResult, { status: 'SUCCEEDED' }> } => typeof o.result === 'object' && o.result?.status === 'SUCCEEDED',
  );
  if (succeeded.length > 0) {
    const paid = await deps.db.$transaction(async (tx) => {
      const completed = await tx.$queryRaw<{ invoiceId: number }[]>`
        UPDATE "PaymentAttempt" AS a SET status = 'SUCCEEDED', "gatewayRef" = s.ref, "completedAt" = ${now}
        FROM unnest(${succeeded.map((o) => o.attempt.id)}::int4[], ${succeeded.map((o) => o.result.gatewayRef)}::text[]) AS s(id, ref)
        WHERE a.id = s.id AND a.status = 'PENDING'
        RETURNING a."invoiceId"`;
      const marked = await tx.$queryRaw<{ id: number }[]>`
        UPDATE "Invoice" SET status = 'PAID', "paidAt" = ${now}, "nextRetryAt" = NULL, "updatedAt" = ${now}
        WHERE id = ANY(${completed.map((row) => row.invoiceId)}::int4[]) AND status <> 'PAID'
        RETURNING id`;
      await recordInvoicesPaid(tx, marked.map((row) => row.id), now);
      return marked.map((row) => row.id);
    }, CHARGE_TX);
    count('PAID', paid.length);
    await deps.hooks?.afterPaid?.(paid);
  }
  for (const outcome of outcomes) {
    if (outcome.result === null) count('GATEWAY_ERROR');
    else if (outcome.result === 'IN_PROGRESS') count('IN_PROGRESS');
    else if (outcome.result.status === 'FAILED') {
      await completeAttempt(deps.db, outcome.attempt, outcome.result, now);
      count('DECLINED');
    }
  }
  return counts;
}
