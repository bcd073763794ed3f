import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retryDueInvoices } from './retry-due-invoices.ts';
import { runBilling } from './run-billing.ts';
import { billingDeps, CARDS, cardOnFile, leaseActions } from '../../test/billing-helpers.ts';
import { catalogOf, createPartner } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';

let t: TestServices;
let partner: { id: number; billingEmail: string };

const deps = () => billingDeps(t.db, t.clock);
const invoiceNow = () => t.db.invoice.findFirstOrThrow({ where: { partnerId: partner.id }, include: { attempts: { orderBy: { attemptNumber: 'asc' } } } });
const pastDueMails = () => t.db.outboxMessage.findMany({ where: { partnerId: partner.id, kind: 'invoice-past-due' } });

/** A partner with a SmarterMail lease since December and the given card; January is billed on Feb 1, 00:05. */
async function billJanuaryWithCard(card: string) {
  t = await createTestServices({ now: '2024-12-10T10:00:00Z' });
  partner = await createPartner(t.db);
  await t.db.contact.createMany({
    data: [
      { partnerId: partner.id, name: 'Accounts', email: 'accounts@partner.test', kind: 'BILLING' },
      { partnerId: partner.id, name: 'Ops', email: 'ops@partner.test', kind: 'TECHNICAL' },
    ],
  });
  await cardOnFile(deps(), partner.id, card);
  await leaseActions(t.db, t.clock, await catalogOf(t.db)).start(partner.id, 'SM-PRO-250');
  t.clock.set('2025-02-01T00:05:00Z');
  const result = await runBilling(deps(), { period: '2025-01' });
  expect(result.ok).toBe(true);
}

afterEach(() => t.close());

describe('dunning', () => {
  describe('when the card is declined softly every time', () => {
    beforeEach(() => billJanuaryWithCard(CARDS.softDecline));

    it('returns retries 1, 3, 7 and 14 days after the first failure, then PAST_DUE and one mail to the billing contacts', async () => {
      const retryDates: string[] = [];
      for (let retry = 0; retry < 4; retry++) {
        const due = (await invoiceNow()).nextRetryAt!;
        retryDates.push(due.toISOString());
        t.clock.set(new Date(due.getTime() - 60_000));
        expect(await retryDueInvoices(deps())).toEqual([]);
        t.clock.set(due);
        expect(await retryDueInvoices(deps())).toEqual([expect.objectContaining({ status: 'DECLINED', declineCode: 'card_declined', hardDecline: false })]);
      }
      expect(retryDates).toEqual(['2025-02-02T00:05:00.000Z', '2025-02-04T00:05:00.000Z', '2025-02-08T00:05:00.000Z', '2025-02-15T00:05:00.000Z']);

      const invoice = await invoiceNow();
      expect(invoice).toMatchObject({ status: 'PAST_DUE', nextRetryAt: null, paidAt: null });
      expect(invoice.attempts.map((a) => [a.attemptNumber, a.trigger, a.status])).toEqual([
        [1, 'finalize', 'FAILED'], [2, 'retry', 'FAILED'], [3, 'retry', 'FAILED'], [4, 'retry', 'FAILED'], [5, 'retry', 'FAILED'],
      ]);
      const mails = await pastDueMails();
      expect(mails).toEqual([
        expect.objectContaining({
          to: [partner.billingEmail, 'accounts@partner.test'],
          subject: `Invoice ${invoice.number} is past due`,
          attachments: [{ filename: `${invoice.number}.pdf`, contentType: 'application/pdf', invoiceId: invoice.id }],
        }),
      ]);

      t.clock.advanceDays(30);
      expect(await retryDueInvoices(deps())).toEqual([]);
      expect((await invoiceNow()).attempts).toHaveLength(5);
    });
  });

  describe('when the card is declined hard', () => {
    beforeEach(() => billJanuaryWithCard(CARDS.hardDecline));

    it('returns PAST_DUE at once with a mail, and never retries', async () => {
      const invoice = await invoiceNow();
      expect(invoice).toMatchObject({ status: 'PAST_DUE', nextRetryAt: null });
      expect(invoice.attempts).toEqual([expect.objectContaining({ status: 'FAILED', hardDecline: true, declineCode: 'stolen_card' })]);
      expect(await pastDueMails()).toHaveLength(1);
      for (const days of [1, 3, 7, 14]) {
        t.clock.set(new Date(Date.parse('2025-02-01T00:05:00Z') + days * 86_400_000));
        expect(await retryDueInvoices(deps())).toEqual([]);
      }
      expect((await invoiceNow()).attempts).toHaveLength(1);
    });
  });

  describe('when the card is updated during dunning', () => {
    beforeEach(() => billJanuaryWithCard(CARDS.insufficientFunds));

    it('returns the invoice charged with the new card at once and PAID, with no retry left', async () => {
      t.clock.set('2025-02-02T00:05:00Z');
      await retryDueInvoices(deps());
      t.clock.set('2025-02-03T09:30:00Z');
      const updated = await cardOnFile(deps(), partner.id, CARDS.ok);
      expect(updated.charges).toEqual([{ status: 'PAID', attemptNumber: 3 }]);

      const invoice = await invoiceNow();
      expect(invoice).toMatchObject({ status: 'PAID', nextRetryAt: null, paidAt: new Date('2025-02-03T09:30:00Z') });
      expect(invoice.attempts.map((a) => [a.trigger, a.status, a.paymentMethodId])).toEqual([
        ['finalize', 'FAILED', expect.any(Number)],
        ['retry', 'FAILED', expect.any(Number)],
        ['card-updated', 'SUCCEEDED', updated.paymentMethodId],
      ]);
      const cards = await t.db.paymentMethod.findMany({ where: { partnerId: partner.id }, orderBy: { id: 'asc' } });
      expect(cards.map((card) => [card.last4, card.removedAt?.toISOString() ?? null])).toEqual([['9995', '2025-02-03T09:30:00.000Z'], ['4242', null]]);
      t.clock.advanceDays(20);
      expect(await retryDueInvoices(deps())).toEqual([]);
      expect(await pastDueMails()).toEqual([]);
    });

    it('returns the schedule unchanged when the new card is declined too', async () => {
      t.clock.set('2025-02-01T12:00:00Z');
      const updated = await cardOnFile(deps(), partner.id, CARDS.softDecline);
      expect(updated.charges).toEqual([expect.objectContaining({ status: 'DECLINED', attemptNumber: 2 })]);
      expect(await invoiceNow()).toMatchObject({ status: 'OPEN', nextRetryAt: new Date('2025-02-02T00:05:00Z') });
    });
  });

  describe('when the card is updated after the invoice went past due', () => {
    beforeEach(() => billJanuaryWithCard(CARDS.hardDecline));

    it('returns the invoice PAID', async () => {
      t.clock.set('2025-02-20T08:00:00Z');
      expect((await cardOnFile(deps(), partner.id, CARDS.ok)).charges).toEqual([{ status: 'PAID', attemptNumber: 2 }]);
      expect(await invoiceNow()).toMatchObject({ status: 'PAID', paidAt: new Date('2025-02-20T08:00:00Z') });
    });
  });
});
