import { schema } from '@leaseboard/schema';
import type { Catalog } from '@leaseboard/seed/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOn, catalogOf, createPartner, gid, product, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { LEASE_FIELDS, START } from './lease-gql.ts';

/**
 * A viewer of partner B tries every query and mutation with partner A's IDs: it sees nothing and
 * changes nothing. Every operation in the schema must have a case here (the last test checks).
 */
let t: TestApp;
let catalog: Catalog;
let a: { leaseGid: string; leaseNumber: number; customerGid: string; email: string; licenseKey: string };
let bHeaders: Record<string, string>;
let aOwnerHeaders: Record<string, string>;

interface Case {
  query: string;
  variables?: () => Record<string, unknown>;
  /** What B must see; by default: no data of A anywhere in the response. */
  expectResult?: (data: Record<string, unknown>) => void | Promise<void>;
  /** Vendor staff only: B (a partner owner) is refused outright. */
  vendorOnly?: true;
}

const none = (field: string) => (data: Record<string, unknown>) => expect(data[field]).toBeNull();
const refused = (field: string, code: string) => (data: Record<string, unknown>) => {
  const payload = data[field] as { userErrors: { code: string }[] } | null;
  expect(payload?.userErrors.map((e) => e.code)).toEqual([code]);
};

const CASES: Record<string, Case> = {
  catalog: { query: '{ catalog { code } }' },
  me: { query: '{ me { label } }' },
  leases: {
    query: `query($s: String) { leases(filter: { search: $s }) { totalCount edges { node { leaseNumber } } } }`,
    variables: () => ({ s: a.email }),
    expectResult: (data) => expect(data['leases']).toEqual({ totalCount: 0, edges: [] }),
  },
  lease: { query: 'query($n: Int!) { lease(leaseNumber: $n) { leaseNumber } }', variables: () => ({ n: a.leaseNumber }), expectResult: none('lease') },
  node: { query: 'query($id: ID!) { node(id: $id) { id } }', variables: () => ({ id: a.leaseGid }), expectResult: none('node') },
  nodes: {
    query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    variables: () => ({
      ids: [a.leaseGid, a.customerGid, aAccount.ownerGid, aAccount.contactGid, aAccount.apiKeyGid, aBilling.invoiceGid, aBilling.exportGid],
    }),
    expectResult: (data) => expect(data['nodes']).toEqual([null, null, null, null, null, null, null]),
  },
  customers: {
    query: 'query($e: String) { customers(filter: { email: $e }) { totalCount edges { node { email } } } }',
    variables: () => ({ e: 'secret.customer' }),
    expectResult: (data) => expect(data['customers']).toEqual({ totalCount: 0, edges: [] }),
  },
  outboxMessages: { query: '{ outboxMessages { edges { node { to subject } } } }', expectResult: (data) => expect(data['outboxMessages']).toEqual({ edges: [] }) },
  signIn: { query: 'mutation { signIn(input: { email: "nobody@x.test", password: "x" }) { userErrors { code } } }' },
  modifyLease: {
    query: `mutation($input: ModifyLeaseInput!) { modifyLease(input: $input) { lease { ${LEASE_FIELDS} } userErrors { code } } }`,
    variables: () => ({ input: { leaseId: a.leaseGid, productId: product(catalog, 'SM-PRO-500').gid, addAddOnIds: [addOn(catalog, 'PREMIUM_ANTISPAM').gid] } }),
    expectResult: refused('modifyLease', 'LEASE_NOT_FOUND'),
  },
  stopLease: {
    query: 'mutation($input: StopLeaseInput!) { stopLease(input: $input) { lease { leaseNumber } userErrors { code } } }',
    variables: () => ({ input: { leaseId: a.leaseGid } }),
    expectResult: refused('stopLease', 'LEASE_NOT_FOUND'),
  },
  stopLeases: {
    query: `mutation($byId: StopLeasesInput!, $idle: StopLeasesInput!, $matching: StopLeasesInput!) {
      byId: stopLeases(input: $byId) { result { stoppedCount notFoundCount results { leaseNumber outcome } } userErrors { code } }
      idle: stopLeases(input: $idle) { result { results { leaseNumber } } userErrors { code } }
      matching: stopLeases(input: $matching) { result { matchedCount results { leaseNumber } } userErrors { code } } }`,
    variables: () => ({ byId: { leaseIds: [a.leaseGid] }, idle: { idleLeases: {} }, matching: { matchingLeases: { leaseId: a.leaseNumber } } }),
    expectResult: (data) => {
      expect(data['byId']).toEqual({ result: { stoppedCount: 0, notFoundCount: 1, results: [{ leaseNumber: a.leaseNumber, outcome: 'NOT_FOUND' }] }, userErrors: [] });
      expect(JSON.stringify(data['idle'])).not.toContain(`"leaseNumber":${a.leaseNumber}}`);
      expect(data['matching']).toEqual({ result: { matchedCount: 0, results: [] }, userErrors: [] });
    },
  },
  partner: { query: '{ partner { company } }', expectResult: (data) => expect(data['partner']).toEqual({ company: 'B' }) },
  users: { query: '{ users { email } }', expectResult: (data) => expect(JSON.stringify(data)).not.toContain(aAccount.ownerEmail) },
  contacts: { query: '{ contacts { email } }', expectResult: (data) => expect(data['contacts']).toEqual([]) },
  mailingLists: { query: '{ mailingLists { emails } }', expectResult: (data) => expect(JSON.stringify(data)).not.toContain(aAccount.contactEmail) },
  apiKeys: { query: '{ apiKeys { prefix } }', expectResult: (data) => expect(data['apiKeys']).toEqual([]) },
  auditLog: {
    query: '{ auditLog { edges { node { targetType targetId summary } } } }',
    expectResult: (data) => {
      const targets = (data['auditLog'] as { edges: { node: { targetType: string; targetId: string } }[] }).edges.map((e) => e.node);
      expect(targets).not.toContainEqual({ targetType: 'Lease', targetId: String(a.leaseNumber) });
    },
  },
  auditActions: { query: '{ auditActions { action } }', expectResult: (data) => expect(data['auditActions']).toContainEqual({ action: 'lease.start' }) },
  partners: { query: '{ partners { totalCount } }', vendorOnly: true },
  changePassword: {
    query: 'mutation { changePassword(input: { currentPassword: "not it", newPassword: "long enough password" }) { userErrors { code } } }',
    expectResult: refused('changePassword', 'WRONG_PASSWORD'),
  },
  updatePartnerContact: {
    query: 'mutation { updatePartnerContact(input: { city: "B-town" }) { partner { company city } userErrors { code } } }',
    expectResult: (data) => expect(data['updatePartnerContact']).toEqual({ partner: { company: 'B', city: 'B-town' }, userErrors: [] }),
  },
  addUser: {
    query: 'mutation($input: AddUserInput!) { addUser(input: $input) { userErrors { code } } }',
    variables: () => ({ input: { email: aAccount.ownerEmail, name: 'Copy', role: 'OWNER', password: 'long enough password' } }),
    expectResult: refused('addUser', 'EMAIL_TAKEN'),
  },
  changeUserRole: {
    query: 'mutation($input: ChangeUserRoleInput!) { changeUserRole(input: $input) { user { email } userErrors { code } } }',
    variables: () => ({ input: { userId: aAccount.ownerGid, role: 'ANALYST' } }),
    expectResult: refused('changeUserRole', 'USER_NOT_FOUND'),
  },
  deactivateUser: {
    query: 'mutation($input: DeactivateUserInput!) { deactivateUser(input: $input) { user { email } userErrors { code } } }',
    variables: () => ({ input: { userId: aAccount.ownerGid } }),
    expectResult: refused('deactivateUser', 'USER_NOT_FOUND'),
  },
  addContact: { query: 'mutation { addContact(input: { name: "B contact", email: "b@b.test" }) { userErrors { code } } }' },
  updateContact: {
    query: 'mutation($input: UpdateContactInput!) { updateContact(input: $input) { contact { email } userErrors { code } } }',
    variables: () => ({ input: { contactId: aAccount.contactGid, name: 'Taken over' } }),
    expectResult: refused('updateContact', 'CONTACT_NOT_FOUND'),
  },
  removeContact: {
    query: 'mutation($input: RemoveContactInput!) { removeContact(input: $input) { removedContactId userErrors { code } } }',
    variables: () => ({ input: { contactId: aAccount.contactGid } }),
    expectResult: refused('removeContact', 'CONTACT_NOT_FOUND'),
  },
  setMailingListSubscription: {
    query: 'mutation($input: SetMailingListSubscriptionInput!) { setMailingListSubscription(input: $input) { mailingList { emails } userErrors { code } } }',
    // B unsubscribing A's address only touches B's lists: A's subscription stays.
    variables: () => ({ input: { email: aAccount.contactEmail, list: 'MAINTENANCE', subscribed: false } }),
  },
  createApiKey: { query: 'mutation { createApiKey(input: { name: "B key", scopes: [LEASES_READ] }) { userErrors { code } } }' },
  revokeApiKey: {
    query: 'mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { prefix } userErrors { code } } }',
    variables: () => ({ input: { apiKeyId: aAccount.apiKeyGid } }),
    expectResult: refused('revokeApiKey', 'API_KEY_NOT_FOUND'),
  },
  setProductPrice: {
    query: `mutation($input: SetProductPriceInput!) { setProductPrice(input: $input) { userErrors { code } } }`,
    variables: () => ({ input: { productId: product(catalog, 'SM-PRO-250').gid, amountCents: 1, effectiveFrom: '2099-01-01T00:00:00Z' } }),
    vendorOnly: true,
  },
  setAddOnPrice: {
    query: `mutation($input: SetAddOnPriceInput!) { setAddOnPrice(input: $input) { userErrors { code } } }`,
    variables: () => ({ input: { addOnId: addOn(catalog, 'PREMIUM_ANTISPAM').gid, tierRank: 0, amountCents: 1, effectiveFrom: '2099-01-01T00:00:00Z' } }),
    vendorOnly: true,
  },
  // A licensed server is authenticated by its key, not by a tenant; B gets no more than any anonymous caller.
  activateLicense: { query: 'mutation { activateLicense(input: { key: "not-a-key", serverName: "b" }) { code } }' },
  validateLicense: { query: 'mutation { validateLicense(input: { key: "not-a-key", serverName: "b" }) { code } }' },
  deactivateLicense: { query: 'mutation { deactivateLicense(input: { key: "not-a-key", serverName: "b" }) { code } }' },
  billingPreview: { query: '{ billingPreview { monthToDateCents projectedCents leases { leaseNumber } } }' },
  invoices: { query: '{ invoices(first: 50) { edges { node { number } } } }', expectResult: (data) => expect(data['invoices']).toEqual({ edges: [] }) },
  invoice: { query: 'query($n: String!) { invoice(number: $n) { number totalCents } }', variables: () => ({ n: aBilling.invoiceNumber }), expectResult: none('invoice') },
  invoiceHistory: {
    query: '{ invoiceHistory { period totalCents } }',
    expectResult: (data) => expect((data['invoiceHistory'] as { totalCents: number }[]).every((p) => p.totalCents === 0)).toBe(true),
  },
  paymentMethod: { query: '{ paymentMethod { last4 } }', expectResult: none('paymentMethod') },
  payInvoice: {
    query: 'mutation($id: ID!) { payInvoice(input: { invoiceId: $id }) { invoice { number } userErrors { code } } }',
    variables: () => ({ id: aBilling.invoiceGid }),
    expectResult: refused('payInvoice', 'INVOICE_NOT_FOUND'),
  },
  emailInvoice: {
    query: 'mutation($id: ID!) { emailInvoice(input: { invoiceId: $id, to: ["thief@b.test"] }) { invoice { number } userErrors { code } } }',
    variables: () => ({ id: aBilling.invoiceGid }),
    expectResult: refused('emailInvoice', 'INVOICE_NOT_FOUND'),
  },
  setPaymentMethod: { query: 'mutation { setPaymentMethod(input: { number: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "123" }) { userErrors { code } } }' },
  runBilling: { query: 'mutation { runBilling(input: { period: "2024-12" }) { __typename } }', vendorOnly: true },
  billingReconciliation: { query: '{ billingReconciliation(period: "2024-12") { findings { invoiceNumber } } }', vendorOnly: true },
  setPartnerStatus: {
    query: 'mutation($input: SetPartnerStatusInput!) { setPartnerStatus(input: $input) { __typename } }',
    variables: () => ({ input: { partnerId: gid('Partner', partnerA), status: 'SUSPENDED' } }),
    vendorOnly: true,
  },
  reports: {
    query: `query($range: ReportRange!) { reports {
      activeLeases(range: $range) { activeLeases }
      topCustomers { email }
      idleLeases(first: 50) { totalCount }
    } }`,
    variables: () => ({ range: { from: '2024-12-01T00:00:00Z', to: '2025-02-01T00:00:00Z' } }),
    // B's own lease (from the startLease case) may count; A's never: B never sees more than it has.
    expectResult: async (data) => {
      const own = await t.db.lease.count({ where: { partner: { company: 'B' } } });
      const reports = data['reports'] as { activeLeases: { activeLeases: number }[]; topCustomers: unknown[]; idleLeases: { totalCount: number } };
      expect(reports.activeLeases.every((p) => p.activeLeases <= own)).toBe(true);
      expect(reports.topCustomers.length).toBeLessThanOrEqual(own);
      expect(reports.idleLeases.totalCount).toBeLessThanOrEqual(own);
    },
  },
  exports: { query: '{ exports(first: 50) { edges { node { id } } } }', expectResult: (data) => expect(data['exports']).toEqual({ edges: [] }) },
  export: { query: 'query($id: ID!) { export(id: $id) { id status } }', variables: () => ({ id: aBilling.exportGid }), expectResult: none('export') },
  startCustomerExport: { query: 'mutation { startCustomerExport(input: { scope: ALL, format: CSV }) { userErrors { code } } }' },
  exportProgress: { query: 'subscription($id: ID!) { exportProgress(id: $id) { id status } }', variables: () => ({ id: aBilling.exportGid }) },
  // This app has no live bus, so the stream ends at once; test/live/live-updates.test.ts subscribes with one while
  // another process changes two partners' leases, and sees only its own partner's.
  liveUpdates: { query: 'subscription { liveUpdates { type lease { id } } }' },
  webhookEndpoints: { query: '{ webhookEndpoints { id url } }', expectResult: (data) => expect(data['webhookEndpoints']).toEqual([]) },
  webhookEventTypes: { query: '{ webhookEventTypes }' },
  createWebhookEndpoint: {
    query: 'mutation { createWebhookEndpoint(input: { url: "https://93.184.216.34/b-hook" }) { endpoint { url } userErrors { code } } }',
    expectResult: (data) => expect(data['createWebhookEndpoint']).toEqual({ endpoint: { url: 'https://93.184.216.34/b-hook' }, userErrors: [] }),
  },
  updateWebhookEndpoint: {
    query: 'mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { endpoint { url } userErrors { code } } }',
    variables: () => ({ input: { endpointId: aWebhook.endpointGid, enabled: false } }),
    expectResult: refused('updateWebhookEndpoint', 'ENDPOINT_NOT_FOUND'),
  },
  rotateWebhookSecret: {
    query: 'mutation($input: WebhookEndpointIdInput!) { rotateWebhookSecret(input: $input) { secret userErrors { code } } }',
    variables: () => ({ input: { endpointId: aWebhook.endpointGid } }),
    expectResult: refused('rotateWebhookSecret', 'ENDPOINT_NOT_FOUND'),
  },
  sendTestWebhook: {
    query: 'mutation($input: WebhookEndpointIdInput!) { sendTestWebhook(input: $input) { endpoint { url } userErrors { code } } }',
    variables: () => ({ input: { endpointId: aWebhook.endpointGid } }),
    expectResult: refused('sendTestWebhook', 'ENDPOINT_NOT_FOUND'),
  },
  replayWebhookDelivery: {
    query: 'mutation($input: ReplayWebhookDeliveryInput!) { replayWebhookDelivery(input: $input) { delivery { eventId } userErrors { code } } }',
    variables: () => ({ input: { deliveryId: aWebhook.deliveryGid } }),
    expectResult: refused('replayWebhookDelivery', 'DELIVERY_NOT_FOUND'),
  },
  replayFailedWebhookDeliveries: {
    query: 'mutation($input: ReplayFailedWebhookDeliveriesInput!) { replayFailedWebhookDeliveries(input: $input) { endpoint { url } userErrors { code } } }',
    variables: () => ({ input: { endpointId: aWebhook.endpointGid, since: '2000-01-01T00:00:00Z' } }),
    expectResult: refused('replayFailedWebhookDeliveries', 'ENDPOINT_NOT_FOUND'),
  },
  // Late, so that no later answer contains B's own customer with A's customer's email.
  startLease: {
    query: START,
    variables: () => ({ input: { productId: product(catalog, 'SM-PRO-100').gid, customer: { email: a.email } } }),
    expectResult: (data) => {
      // B may lease to the same person, but gets a customer of its own: A's customer is untouched.
      expect((data['startLease'] as { userErrors: unknown[] }).userErrors).toEqual([]);
    },
  },
  // Last: it ends B's session.
  signOut: { query: 'mutation { signOut }' },
};

/** Over SSE: the stream for another partner's export ends without ever showing its state. */
async function expectSubscriptionRefused(c: Case) {
  const response = await t.app.fetch(
    new Request('http://test.local/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...bHeaders },
      body: JSON.stringify({ query: c.query, variables: c.variables?.() }),
    }),
  );
  const reader = response.body!.getReader();
  let text = '';
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && !/event: complete|"errors"/.test(text)) {
    const timeout = new Promise<{ done: true; value?: undefined }>((resolve) => setTimeout(() => resolve({ done: true }), 1_000));
    const chunk = await Promise.race([reader.read(), timeout]);
    if (chunk.value) text += new TextDecoder().decode(chunk.value);
    else if (chunk.done) break;
  }
  await reader.cancel().catch(() => {});
  expect(text).toMatch(/event: complete|"errors"/);
  expect(text).not.toMatch(/"status"/);
}

async function snapshotOfA(partnerId: number) {
  const [leases, customers, history, addOns, audit, outbox, account, invoices, exports, cards, webhooks] = await Promise.all([
    t.db.lease.findMany({ where: { partnerId }, orderBy: { id: 'asc' } }),
    t.db.customer.findMany({ where: { partnerId }, orderBy: { id: 'asc' } }),
    t.db.leaseHistory.count({ where: { partnerId } }),
    t.db.leaseAddOn.count({ where: { lease: { partnerId } } }),
    t.db.auditLog.count({ where: { partnerId } }),
    t.db.outboxMessage.count({ where: { partnerId } }),
    t.db.partner.findUniqueOrThrow({ where: { id: partnerId }, include: { users: true, contacts: true, apiKeys: true, subscriptions: true } }),
    t.db.invoice.findMany({ where: { partnerId }, include: { attempts: true } }),
    t.db.export.findMany({ where: { partnerId } }),
    t.db.paymentMethod.findMany({ where: { partnerId } }),
    t.db.webhookEndpoint.findMany({ where: { partnerId }, include: { deliveries: true } }),
  ]);
  return { leases, customers, history, addOns, audit, outbox, account, invoices, exports, cards, webhooks };
}

let aBilling: { invoiceGid: string; invoiceNumber: string; exportGid: string };
let aAccount: { ownerGid: string; ownerEmail: string; contactGid: string; contactEmail: string; apiKeyGid: string };
let partnerA: number;
let aWebhook: { endpointGid: string; deliveryGid: string };
let before: Awaited<ReturnType<typeof snapshotOfA>>;

beforeAll(async () => {
  t = await createTestApp();
  catalog = await catalogOf(t.db);
  partnerA = (await createPartner(t.db, { company: 'A' })).id;
  const partnerB = (await createPartner(t.db, { company: 'B' })).id;
  const ownerA = await signedInUser(t.db, t.clock, partnerA, 'OWNER');
  aOwnerHeaders = ownerA.headers;
  bHeaders = (await signedInUser(t.db, t.clock, partnerB, 'OWNER')).headers;
  const started = await t.gql<{ startLease: { lease: { id: string; leaseNumber: number; licenseKey: string } } }>(
    START,
    { input: { productId: product(catalog, 'SM-PRO-250').gid, customer: { email: 'secret.customer@a.test' } } },
    ownerA.headers,
  );
  const lease = started.data.startLease.lease;
  const row = await t.db.lease.update({ where: { id: lease.leaseNumber }, data: { serverName: 'mail.a-hosting.test', serverNorm: 'mail.a-hosting.test' } });
  a = { leaseGid: lease.id, leaseNumber: lease.leaseNumber, customerGid: gid('Customer', row.customerId), email: 'secret.customer@a.test', licenseKey: lease.licenseKey };
  const contact = await t.db.contact.create({ data: { partnerId: partnerA, name: 'A contact', email: 'ops@a-hosting.test' } });
  await t.db.mailingListSubscription.create({ data: { partnerId: partnerA, email: contact.email, list: 'MAINTENANCE' } });
  const key = await t.db.apiKey.create({ data: { partnerId: partnerA, name: 'A key', prefix: 'lbk_aaaaaaaa', hash: 'a'.repeat(64), scopes: ['leases:read'] } });
  aAccount = {
    ownerGid: gid('User', ownerA.user.id),
    ownerEmail: ownerA.user.email,
    contactGid: gid('Contact', contact.id),
    contactEmail: contact.email,
    apiKeyGid: gid('ApiKey', key.id),
  };
  await t.db.paymentMethod.create({ data: { partnerId: partnerA, gateway: 'sandbox', token: 'tok_a', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 } });
  const invoice = await t.db.invoice.create({
    data: {
      partnerId: partnerA, period: '2024-12', periodStart: new Date('2024-12-01T00:00:00Z'), periodEnd: new Date('2025-01-01T00:00:00Z'),
      number: 'INV-2024-000001', status: 'OPEN', subtotalCents: 1000, totalCents: 1000, finalizedAt: new Date('2025-01-01T00:05:00Z'),
    },
  });
  const exported = await t.db.export.create({ data: { partnerId: partnerA, format: 'CSV', filter: { scope: 'ALL' }, status: 'RUNNING' } });
  aBilling = { invoiceGid: gid('Invoice', invoice.id), invoiceNumber: invoice.number!, exportGid: gid('Export', exported.id) };
  const endpoint = await t.db.webhookEndpoint.create({ data: { partnerId: partnerA, url: 'https://a-hosting.test/hooks', secret: 'whsec_a', events: [], updatedAt: new Date() } });
  const event = await t.db.webhookEvent.create({ data: { id: 'evt_a', partnerId: partnerA, type: 'webhook.test', data: {} } });
  const delivery = await t.db.webhookDelivery.create({ data: { endpointId: endpoint.id, eventId: event.id, status: 'FAILED', giveUpAt: new Date() } });
  aWebhook = { endpointGid: gid('WebhookEndpoint', endpoint.id), deliveryGid: gid('WebhookDelivery', delivery.id) };
  before = await snapshotOfA(partnerA);
});
afterAll(() => t.close());

describe('tenant isolation', () => {
  for (const [name, c] of Object.entries(CASES)) {
    describe(`when partner B calls ${name} with partner A's IDs`, () => {
      it("sees none of A's data", async () => {
        if (c.query.startsWith('subscription')) return expectSubscriptionRefused(c);
        const result = await t.gql<Record<string, unknown>>(c.query, c.variables?.(), bHeaders);
        if (c.vendorOnly) {
          expect(result.errors?.map((e) => e.message)).toEqual([expect.stringMatching(/^Not authorized/)]);
          return;
        }
        expect(result.errors ?? []).toEqual([]);
        await c.expectResult?.(result.data);
        const text = JSON.stringify(result.data);
        for (const secret of [a.email, a.licenseKey, 'mail.a-hosting.test', aBilling.invoiceNumber, 'a-hosting.test/hooks', 'evt_a']) {
          if (name !== 'startLease') expect(text).not.toContain(secret);
        }
      });
    });
  }

  describe("when partner A's owner asks for the same nodes", () => {
    it('finds every one of them, so the null answers to B are not an accident', async () => {
      const ids = [a.leaseGid, a.customerGid, aAccount.ownerGid, aAccount.contactGid, aAccount.apiKeyGid, aBilling.invoiceGid, aBilling.exportGid];
      const result = await t.gql<{ nodes: ({ id: string } | null)[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, aOwnerHeaders);
      expect(result.errors ?? []).toEqual([]);
      expect(result.data.nodes.map((n) => n?.id ?? null)).toEqual(ids);
    });
  });

  describe("after all of B's attempts", () => {
    it("has changed nothing of A's", async () => {
      expect(await snapshotOfA(partnerA)).toEqual(before);
    });
  });

  describe('the case list', () => {
    it('covers every query and mutation of the schema', () => {
      const operations = [
        ...Object.keys(schema.getQueryType()!.getFields()),
        ...Object.keys(schema.getMutationType()!.getFields()),
        ...Object.keys(schema.getSubscriptionType()?.getFields() ?? {}),
      ];
      expect(operations.filter((op) => !(op in CASES))).toEqual([]);
    });
  });
});
