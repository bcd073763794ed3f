import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderInvoiceAttachment } from '@leaseboard/domain/billing/invoice-document';
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

const LINE = 'kind leaseNumber customerEmail description sku priceCents days divisor fromDate toDate amountCents';
const INVOICE = `id number period status totalCents subtotalCents finalizedAt paidAt nextRetryAt pdfUrl
  leases { totalCount edges { node { lease { leaseNumber } leaseNumber customerEmail subtotalCents lines { ${LINE} } } } }
  paymentAttempts { attemptNumber status trigger amountCents declineCode hardDecline card { brand last4 } }`;
const ERRORS = 'userErrors { field code message }';

describe('invoices', () => {
  it('returns the partner’s invoices newest first, with the status filter and a total count', async () => {
    const all = await t.gql<{ invoices: { totalCount: number; edges: { node: { period: string; status: string } }[] } }>(
      '{ invoices { totalCount edges { node { period status } } } }', {}, w.users.northOwner.headers);
    expect(all.errors).toBeUndefined();
    expect(all.data.invoices).toEqual({ totalCount: 2, edges: [{ node: { period: '2025-01', status: 'PAID' } }, { node: { period: '2024-12', status: 'PAID' } }] });
    const open = await t.gql<{ invoices: { totalCount: number } }>('{ invoices(status: OPEN) { totalCount } }', {}, w.users.northOwner.headers);
    expect(open.data.invoices.totalCount).toBe(0);
  });
});

describe('invoice(number)', () => {
  it('returns the lines grouped by lease with subtotals, the payment attempts and the PDF link', async () => {
    const january = w.northInvoices[1]!;
    const result = await t.gql<{ invoice: Record<string, unknown> }>(`query($n: String!) { invoice(number: $n) { ${INVOICE} } }`, { n: january.number }, w.users.northOwner.headers);
    expect(result.errors).toBeUndefined();
    const [first, second] = w.northLeases;
    expect(result.data.invoice).toEqual({
      id: january.gid,
      number: 'INV-2025-000001',
      period: '2025-01',
      status: 'PAID',
      totalCents: 3200,
      subtotalCents: 3200,
      finalizedAt: '2025-02-01T00:10:00.000Z',
      paidAt: '2025-02-01T00:10:00.000Z',
      nextRetryAt: null,
      pdfUrl: `http://localhost:4000/invoices/${january.id}.pdf`,
      leases: {
        totalCount: 2,
        edges: [
        { node: {
          lease: { leaseNumber: first },
          leaseNumber: first,
          customerEmail: 'ann@north.test',
          subtotalCents: 2000,
          lines: [
            { kind: 'PRODUCT', leaseNumber: first, customerEmail: 'ann@north.test', description: 'SmarterMail Enterprise 250 mailboxes', sku: 'SM-ENT-250', priceCents: 1600, days: 31, divisor: 31, fromDate: '2025-01-01', toDate: '2025-01-31', amountCents: 1600 },
            { kind: 'ADD_ON', leaseNumber: first, customerEmail: 'ann@north.test', description: 'ActiveSync', sku: 'SM-AO-ACTIVESYNC', priceCents: 400, days: 31, divisor: 31, fromDate: '2025-01-01', toDate: '2025-01-31', amountCents: 400 },
          ],
        } },
        { node: {
          lease: { leaseNumber: second },
          leaseNumber: second,
          customerEmail: 'bob@north.test',
          subtotalCents: 1200,
          lines: [
            { kind: 'PRODUCT', leaseNumber: second, customerEmail: 'bob@north.test', description: 'SmarterTrack Professional 5 agents', sku: 'ST-PRO-5', priceCents: 1200, days: 31, divisor: 31, fromDate: '2025-01-01', toDate: '2025-01-31', amountCents: 1200 },
          ],
        } },
      ] },
      paymentAttempts: [{ attemptNumber: 1, status: 'SUCCEEDED', trigger: 'finalize', amountCents: 3200, declineCode: null, hardDecline: false, card: { brand: 'visa', last4: '4242' } }],
    });
  });
});

describe('an invoice\'s lines and leases', () => {
  it('come a page at a time, in invoice order, with the total count', async () => {
    const january = w.northInvoices[1]!;
    const page = (args: string) =>
      t.gql<{ invoice: { lines: { totalCount: number; edges: { node: { sku: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } }; leases: { totalCount: number; edges: { node: { leaseNumber: number; lines: { sku: string }[] } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } }>(
        `query($n: String!) { invoice(number: $n) { lines(${args}) { totalCount edges { node { sku } } pageInfo { hasNextPage endCursor } } leases(${args}) { totalCount edges { node { leaseNumber lines { sku } } } pageInfo { hasNextPage endCursor } } } }`,
        { n: january.number },
        w.users.northOwner.headers,
      );
    const first = await page('first: 1');
    expect(first.errors).toBeUndefined();
    const [lease1, lease2] = w.northLeases;
    expect(first.data.invoice.lines).toMatchObject({ totalCount: 3, edges: [{ node: { sku: 'SM-ENT-250' } }], pageInfo: { hasNextPage: true } });
    expect(first.data.invoice.leases).toMatchObject({ totalCount: 2, edges: [{ node: { leaseNumber: lease1, lines: [{ sku: 'SM-ENT-250' }, { sku: 'SM-AO-ACTIVESYNC' }] } }], pageInfo: { hasNextPage: true } });

    const lines = await t.gql<{ invoice: { lines: { edges: { node: { sku: string } }[] } } }>(
      `query($n: String!, $after: String) { invoice(number: $n) { lines(first: 5, after: $after) { edges { node { sku } } } } }`,
      { n: january.number, after: first.data.invoice.lines.pageInfo.endCursor },
      w.users.northOwner.headers,
    );
    expect(lines.data.invoice.lines.edges.map((e) => e.node.sku)).toEqual(['SM-AO-ACTIVESYNC', 'ST-PRO-5']);
    const next = await t.gql<{ invoice: { leases: unknown } }>(
      `query($n: String!, $after: String) { invoice(number: $n) { leases(first: 5, after: $after) { edges { node { leaseNumber lines { sku } } } pageInfo { hasNextPage } } } }`,
      { n: january.number, after: first.data.invoice.leases.pageInfo.endCursor },
      w.users.northOwner.headers,
    );
    expect(next.data.invoice.leases).toMatchObject({ edges: [{ node: { leaseNumber: lease2, lines: [{ sku: 'ST-PRO-5' }] } }], pageInfo: { hasNextPage: false } });
    const last = await page('last: 1');
    expect(last.data.invoice.leases.edges.map((e) => e.node.leaseNumber)).toEqual([lease2]);
  });

  it('refuses a lease cursor that is not one', async () => {
    const result = await t.gql(`query($n: String!) { invoice(number: $n) { leases(after: "abc") { totalCount } } }`, { n: w.northInvoices[1]!.number }, w.users.northOwner.headers);
    expect(result.errors?.map((e) => e.message)).toEqual(['leases: the cursor is not valid.']);
  });
});

describe('billingPreview', () => {
  it('returns month-to-date and projected month-end per lease and in total, from the same engine', async () => {
    const result = await t.gql('{ billingPreview { period asOf monthToDateCents projectedCents leases { leaseNumber customerEmail monthToDateCents projectedCents } } }', {}, w.users.northBilling.headers);
    expect(result.errors).toBeUndefined();
    // February 2025, as of the 10th: 10 active days over a divisor of 28; the projection is the full month.
    expect(result.data.billingPreview).toEqual({
      period: '2025-02',
      asOf: '2025-02-10T12:00:00.000Z',
      monthToDateCents: 571 + 143 + 429,
      projectedCents: 3200,
      leases: [
        { leaseNumber: w.northLeases[0], customerEmail: 'ann@north.test', monthToDateCents: 571 + 143, projectedCents: 2000 },
        { leaseNumber: w.northLeases[1], customerEmail: 'bob@north.test', monthToDateCents: 429, projectedCents: 1200 },
      ],
    });
  });
});

describe('invoiceHistory', () => {
  it('returns one point per complete month, oldest first, zero where nothing was billed', async () => {
    const result = await t.gql('{ invoiceHistory(months: 3) { period totalCents status } }', {}, w.users.southOwner.headers);
    expect(result.data.invoiceHistory).toEqual([
      { period: '2024-11', totalCents: 0, status: null },
      { period: '2024-12', totalCents: 800, status: 'OPEN' },
      { period: '2025-01', totalCents: 800, status: 'OPEN' },
    ]);
    const vendor = await t.gql('{ invoiceHistory(months: 1) { period totalCents status } }', {}, w.users.vendor.headers);
    expect(vendor.data.invoiceHistory).toEqual([{ period: '2025-01', totalCents: 3200 + 800, status: null }]);
  });
});

describe('paymentMethod and setPaymentMethod', () => {
  const SET = `mutation($input: CardInput!) { setPaymentMethod(input: $input) { paymentMethod { brand last4 expMonth expYear } ${ERRORS} } }`;

  it('returns field errors with codes for a bad card, and stores nothing', async () => {
    const result = await t.gql(SET, { input: { number: '4242 4242 4242 4241', expMonth: 13, expYear: 2030, cvc: '12' } }, w.users.southOwner.headers);
    expect(result.data.setPaymentMethod).toEqual({
      paymentMethod: null,
      userErrors: [
        { field: ['number'], code: 'INVALID_NUMBER', message: 'The card number is not valid.' },
        { field: ['expMonth'], code: 'INVALID_MONTH', message: 'The expiry month must be from 1 to 12.' },
        { field: ['cvc'], code: 'INVALID_CVC', message: 'The security code must be 3 digits.' },
      ],
    });
    expect(await t.db.paymentMethod.count({ where: { partnerId: w.south.id } })).toBe(0);
  });

  it('returns the card on file as brand, last 4 and expiry only, and charges the open invoices at once', async () => {
    const result = await t.gql(SET, { input: { number: CARDS.ok, expMonth: 7, expYear: 2031, cvc: '321', holderName: 'Cy South' } }, w.users.southOwner.headers);
    expect(result.data.setPaymentMethod).toEqual({ paymentMethod: { brand: 'visa', last4: '4242', expMonth: 7, expYear: 2031 }, userErrors: [] });
    expect(JSON.stringify(result.data)).not.toContain('4242424242424242');
    // Every column of the stored card and of the gateway's record of it, named: none holds the number or the CVC.
    const stored = await t.db.paymentMethod.findFirstOrThrow({ where: { partnerId: w.south.id } });
    expect(stored).toEqual({
      id: expect.any(Number),
      partnerId: w.south.id,
      gateway: 'sandbox',
      token: expect.stringMatching(/^tok_sandbox_[0-9a-f]{24}$/),
      brand: 'visa',
      last4: '4242',
      expMonth: 7,
      expYear: 2031,
      createdAt: expect.any(Date),
      removedAt: null,
    });
    const gatewayRecords = await t.db.sandboxGatewayRecord.findMany({ where: { store: 'card', key: stored.token } });
    expect(gatewayRecords.map((record) => record.value)).toEqual([{ brand: 'visa', last4: '4242', expMonth: 7, expYear: 2031, decline: null }]);
    const query = await t.gql('{ paymentMethod { brand last4 expMonth expYear } }', {}, w.users.southOwner.headers);
    expect(query.data.paymentMethod).toEqual({ brand: 'visa', last4: '4242', expMonth: 7, expYear: 2031 });
    const invoices = await t.db.invoice.findMany({ where: { partnerId: w.south.id }, include: { attempts: true } });
    expect(invoices.map((invoice) => [invoice.status, invoice.attempts.map((a) => a.trigger)])).toEqual([
      ['PAID', ['card-updated']],
      ['PAID', ['card-updated']],
    ]);
  });
});

describe('payInvoice', () => {
  const PAY = `mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { invoice { status paymentAttempts { status trigger card { last4 } } } ${ERRORS} } }`;

  it('returns CARD_DECLINED for a declined one-off card, records the attempt, and leaves the card on file alone', async () => {
    const invoice = await t.db.invoice.create({
      data: { partnerId: w.north.id, period: '2024-06', periodStart: new Date('2024-06-01T00:00:00Z'), periodEnd: new Date('2024-07-01T00:00:00Z'), number: 'INV-2024-900001', status: 'OPEN', subtotalCents: 999, totalCents: 999, finalizedAt: new Date('2024-07-01T00:05:00Z') },
    });
    const gid = Buffer.from(`Invoice:${invoice.id}`).toString('base64');
    const declined = await t.gql(PAY, { input: { invoiceId: gid, card: { number: CARDS.softDecline, expMonth: 1, expYear: 2030, cvc: '999' } } }, w.users.northBilling.headers);
    expect(declined.data.payInvoice).toEqual({ invoice: null, userErrors: [{ field: ['card'], code: 'CARD_DECLINED', message: 'The card was declined.' }] });

    const paid = await t.gql(PAY, { input: { invoiceId: gid } }, w.users.northBilling.headers);
    expect(paid.data.payInvoice).toEqual({
      invoice: { status: 'PAID', paymentAttempts: [{ status: 'FAILED', trigger: 'manual', card: { last4: '0002' } }, { status: 'SUCCEEDED', trigger: 'manual', card: { last4: '4242' } }] },
      userErrors: [],
    });
    const onFile = await t.gql('{ paymentMethod { last4 } }', {}, w.users.northBilling.headers);
    expect(onFile.data.paymentMethod).toEqual({ last4: '4242' });
    const again = await t.gql(PAY, { input: { invoiceId: gid } }, w.users.northBilling.headers);
    expect(again.data.payInvoice).toMatchObject({ invoice: null, userErrors: [{ code: 'INVOICE_ALREADY_PAID' }] });
  });
});

describe('emailInvoice', () => {
  it('queues a mail with the PDF attachment reference, which renders the stored invoice', async () => {
    const january = w.northInvoices[1]!;
    const result = await t.gql(`mutation($input: EmailInvoiceInput!) { emailInvoice(input: $input) { invoice { number } ${ERRORS} } }`,
      { input: { invoiceId: january.gid, to: ['cfo@north.test', 'CFO@north.test', 'books@north.test'] } }, w.users.northOwner.headers);
    expect(result.data.emailInvoice).toEqual({ invoice: { number: january.number }, userErrors: [] });
    const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { partnerId: w.north.id, kind: 'invoice' } });
    expect(mail).toMatchObject({
      to: ['cfo@north.test', 'books@north.test'],
      subject: `Invoice ${january.number} for 2025-01`,
      attachments: [{ filename: `${january.number}.pdf`, contentType: 'application/pdf', invoiceId: january.id }],
    });
    const text = await pdfText((await renderInvoiceAttachment(t.db, january.id))!);
    expect(text).toContain(january.number);
    expect(text).toContain('$32.00');
  });

  it('returns a validation error for a bad address', async () => {
    const result = await t.gql(`mutation($input: EmailInvoiceInput!) { emailInvoice(input: $input) { ${ERRORS} } }`,
      { input: { invoiceId: w.northInvoices[0]!.gid, to: ['not-an-email'] } }, w.users.northOwner.headers);
    expect(result.errors?.[0]?.message).toMatch(/email/);
  });
});

describe('runBilling (mutation)', () => {
  const RUN = `mutation($period: String!) { runBilling(input: { period: $period }) { summary { period partners invoicesCreated invoicesExisting invoices totalCents charges { paid declined noCard } } ${ERRORS} } }`;

  it('returns a summary for vendor staff, and changes nothing when the month was billed already', async () => {
    const result = await t.gql(RUN, { period: '2025-01' }, w.users.vendor.headers);
    expect(result.data.runBilling).toEqual({
      summary: { period: '2025-01', partners: 2, invoicesCreated: 0, invoicesExisting: 2, invoices: 2, totalCents: 4000, charges: { paid: 0, declined: 0, noCard: 0 } },
      userErrors: [],
    });
  });

  it('returns PERIOD_NOT_ENDED for the current month', async () => {
    const result = await t.gql(RUN, { period: '2025-02' }, w.users.vendor.headers);
    expect(result.data.runBilling).toMatchObject({ summary: null, userErrors: [{ field: ['period'], code: 'PERIOD_NOT_ENDED' }] });
  });
});
