import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

/** Totals over every partner outgrow a 32-bit Int (2^31 − 1 cents is $21,474,836.47); Cents carries them exactly. */
let t: TestApp;
let vendor: { headers: Record<string, string> };
const PER_PARTNER = 2_000_000_000; // Each invoice fits its int4 column; three of them do not fit an Int.

beforeAll(async () => {
  t = await createTestApp({ now: '2025-02-10T12:00:00Z' });
  vendor = await signedInUser(t.db, t.clock, null, 'ADMIN');
  for (const company of ['Big One', 'Big Two', 'Big Three']) {
    const partner = await createPartner(t.db, { company });
    await t.db.invoice.create({
      data: {
        partnerId: partner.id, period: '2025-01', periodStart: new Date('2025-01-01T00:00:00Z'), periodEnd: new Date('2025-02-01T00:00:00Z'),
        status: 'PAID', subtotalCents: PER_PARTNER, totalCents: PER_PARTNER, finalizedAt: new Date('2025-02-01T00:10:00Z'), paidAt: new Date('2025-02-01T00:11:00Z'),
      },
    });
  }
});
afterAll(() => t.close());

describe('vendor-wide money totals', () => {
  describe('when every partner’s invoices sum past 2^31 cents', () => {
    it('returns the invoice history total exactly', async () => {
      const result = await t.gql('{ invoiceHistory(months: 1) { period totalCents } }', {}, vendor.headers);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ invoiceHistory: [{ period: '2025-01', totalCents: 3 * PER_PARTNER }] });
    });

    it('returns the invoice report’s totals exactly', async () => {
      const result = await t.gql(
        '{ reports { invoiceTotals(from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z") { total { totalCents paidCents outstandingCents invoices } } } }',
        {},
        vendor.headers,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ reports: { invoiceTotals: { total: { totalCents: 3 * PER_PARTNER, paidCents: 3 * PER_PARTNER, outstandingCents: 0, invoices: 3 } } } });
    });
  });
});
