import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCents } from '@leaseboard/domain/billing/money';
import { CARDS } from '@leaseboard/domain/test/billing-helpers';
import { billedWorld, type BilledWorld } from './billing-world.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { pdfText } from '@leaseboard/domain/test/pdf-text';

let t: TestApp;
let w: BilledWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await billedWorld(t);
});
afterAll(() => t.close());

const pdf = (invoiceId: number, headers: Record<string, string> = {}) =>
  t.app.fetch(new Request(`http://test.local/invoices/${invoiceId}.pdf`, { headers }));

const forbidden = (result: { errors?: { message: string }[] }) => result.errors?.some((error) => /not authorized/i.test(error.message)) ?? false;

describe('GET /invoices/<id>.pdf', () => {
  it('returns the PDF of the stored invoice, whose text holds its number and total', async () => {
    const january = w.northInvoices[1]!;
    const response = await pdf(january.id, w.users.northBilling.headers);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="${january.number}.pdf"`);
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain(january.number);
    expect(text).toContain(formatCents(january.totalCents));
    expect(text).toContain('ann@north.test');
  });

  it('returns it for an API key with billing:read and for vendor staff', async () => {
    expect((await pdf(w.northInvoices[0]!.id, w.keys.northBillingRead.headers)).status).toBe(200);
    expect((await pdf(w.northInvoices[0]!.id, w.users.vendor.headers)).status).toBe(200);
  });

  it('returns 404 for another partner’s invoice, exactly as for one that does not exist', async () => {
    const other = await pdf(w.southInvoices[0]!.id, w.users.northOwner.headers);
    const missing = await pdf(999_999, w.users.northOwner.headers);
    expect([other.status, await other.json()]).toEqual([404, { error: 'No such invoice.' }]);
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'No such invoice.' }]);
  });

  it('returns 401 without credentials or with a bad key, and 403 without billing:read', async () => {
    expect((await pdf(w.northInvoices[0]!.id)).status).toBe(401);
    expect((await pdf(w.northInvoices[0]!.id, { authorization: 'Bearer lbk_nope' })).status).toBe(401);
    expect((await pdf(w.northInvoices[0]!.id, w.keys.northLeasesOnly.headers)).status).toBe(403);
    expect((await pdf(w.northInvoices[0]!.id, w.users.northManager.headers)).status).toBe(403);
    expect((await pdf(w.northInvoices[0]!.id, w.users.northAnalyst.headers)).status).toBe(403);
  });
});

describe('tenant isolation', () => {
  it('returns no trace of another partner’s invoices in invoices, invoice(number) or node(id)', async () => {
    const south = w.southInvoices[1]!;
    const headers = w.users.northOwner.headers;
    const list = await t.gql<{ invoices: { edges: { node: { number: string } }[] } }>('{ invoices { edges { node { number } } } }', {}, headers);
    expect(list.data.invoices.edges.map((edge) => edge.node.number)).not.toContain(south.number);
    const byNumber = await t.gql('query($n: String!) { invoice(number: $n) { id } }', { n: south.number }, headers);
    expect(byNumber.data).toEqual({ invoice: null });
    const byNode = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: south.gid }, headers);
    expect(byNode.data).toEqual({ node: null });
  });

  it('returns INVOICE_NOT_FOUND from payInvoice and emailInvoice for another partner’s invoice, and charges nothing', async () => {
    const south = w.southInvoices[1]!;
    const headers = w.keys.northBillingWrite.headers;
    const pay = await t.gql('mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { invoice { id } userErrors { code } } }',
      { input: { invoiceId: south.gid, card: { number: CARDS.ok, expMonth: 1, expYear: 2030, cvc: '123' } } }, headers);
    expect(pay.data).toEqual({ payInvoice: { invoice: null, userErrors: [{ code: 'INVOICE_NOT_FOUND' }] } });
    const email = await t.gql('mutation($input: EmailInvoiceInput!) { emailInvoice(input: $input) { invoice { id } userErrors { code } } }',
      { input: { invoiceId: south.gid, to: ['x@north.test'] } }, headers);
    expect(email.data).toEqual({ emailInvoice: { invoice: null, userErrors: [{ code: 'INVOICE_NOT_FOUND' }] } });
    expect(await t.db.paymentAttempt.count({ where: { invoiceId: south.id } })).toBe(0);
    expect(await t.db.outboxMessage.count({ where: { kind: 'invoice' } })).toBe(0);
  });

  it('returns only the viewer’s own card on file, preview and history', async () => {
    const card = await t.gql('{ paymentMethod { last4 } }', {}, w.users.southOwner.headers);
    expect(card.data).toEqual({ paymentMethod: null });
    const preview = await t.gql<{ billingPreview: { leases: { leaseNumber: number }[] } }>('{ billingPreview { leases { leaseNumber } } }', {}, w.users.southOwner.headers);
    expect(preview.data.billingPreview.leases).toEqual([{ leaseNumber: w.southLease }]);
    const history = await t.gql('{ invoiceHistory(months: 1) { totalCents } }', {}, w.users.southOwner.headers);
    expect(history.data).toEqual({ invoiceHistory: [{ totalCents: 800 }] });
  });
});

describe('roles and API keys', () => {
  const READS = {
    invoices: '{ invoices { totalCount } }',
    invoice: `{ invoice(number: "INV-2025-000001") { id } }`,
    paymentMethod: '{ paymentMethod { last4 } }',
    billingPreview: '{ billingPreview { projectedCents } }',
    invoiceHistory: '{ invoiceHistory { totalCents } }',
  };

  for (const role of ['northManager', 'northAnalyst'] as const) {
    it(`refuses every billing query to ${role === 'northManager' ? 'MANAGER' : 'ANALYST'}`, async () => {
      for (const query of Object.values(READS)) expect(forbidden(await t.gql(query, {}, w.users[role].headers)), query).toBe(true);
    });
  }

  it('refuses every billing query to an API key without billing:read', async () => {
    for (const query of Object.values(READS)) expect(forbidden(await t.gql(query, {}, w.keys.northLeasesOnly.headers)), query).toBe(true);
  });

  it('returns invoices to BILLING, but not the lease behind a group, which needs leases:read', async () => {
    const result = await t.gql<{ invoices: { edges: { node: { leases: { edges: { node: unknown }[] } } }[] } }>(
      '{ invoices(first: 1) { edges { node { leases { edges { node { lease { id } leaseNumber } } } } } } }', {}, w.users.northBilling.headers);
    expect(result.errors).toBeUndefined();
    expect(result.data.invoices.edges[0]!.node.leases.edges.map((e) => e.node)).toEqual([{ lease: null, leaseNumber: w.northLeases[0] }, { lease: null, leaseNumber: w.northLeases[1] }]);
  });

  it('refuses card and payment mutations without billing:write, and runBilling to partners', async () => {
    const card = { number: CARDS.ok, expMonth: 1, expYear: 2030, cvc: '123' };
    const setCard = 'mutation($input: CardInput!) { setPaymentMethod(input: $input) { userErrors { code } } }';
    expect(forbidden(await t.gql(setCard, { input: card }, w.users.northManager.headers))).toBe(true);
    expect(forbidden(await t.gql(setCard, { input: card }, w.keys.northBillingRead.headers))).toBe(true);
    expect(forbidden(await t.gql(setCard, { input: card }, w.users.vendor.headers))).toBe(true);
    const pay = 'mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { userErrors { code } } }';
    expect(forbidden(await t.gql(pay, { input: { invoiceId: w.northInvoices[0]!.gid } }, w.users.northAnalyst.headers))).toBe(true);
    const run = 'mutation { runBilling(input: { period: "2025-01" }) { userErrors { code } } }';
    expect(forbidden(await t.gql(run, {}, w.users.northOwner.headers))).toBe(true);
    expect(forbidden(await t.gql(run, {}, w.keys.northBillingWrite.headers))).toBe(true);
  });
});
