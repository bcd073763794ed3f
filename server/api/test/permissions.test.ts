/**
 * The role × operation matrix. Every query, mutation and subscription of the schema (and every field of
 * the `reports` namespace) has one row saying who may call it; the expected answer for each viewer is
 * worked out from auth/roles.ts and auth/scopes.ts, then checked against the running app. Adding an
 * operation means adding a row: the first test fails while one is missing.
 */
import { schema } from '@leaseboard/schema';
import type { Role } from '@leaseboard/db';
import type { GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_SCOPES } from '@leaseboard/domain/auth/roles';
import { API_KEY_SCOPES, type ApiKeyScope, type Scope } from '@leaseboard/domain/auth/scopes';
import { createSession, SESSION_COOKIE } from '@leaseboard/domain/auth/sessions';
import { apiKeyFor, createPartner, gid } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

// ───────────────────────────── who may do what ─────────────────────────────

type Rule = { kind: 'everyone' } | { kind: 'person' } | { kind: 'scopes'; anyOf: Scope[]; vendor?: boolean };

/** Anybody, signed in or not (public data, sign-in, licensed servers authenticated by their key). */
const everyone: Rule = { kind: 'everyone' };
/** A signed-in person of any role, never an API key. */
const person: Rule = { kind: 'person' };
/** Whoever holds the scope (a role through ROLE_SCOPES, or an API key granted it). */
const scope = (...anyOf: Scope[]): Rule => ({ kind: 'scopes', anyOf });
/** The scope, or vendor staff whatever their scopes. */
const scopeOrVendor = (...anyOf: Scope[]): Rule => ({ kind: 'scopes', anyOf, vendor: true });

interface Row {
  rule: Rule;
  /** Selects as little as possible, with inputs that change nothing where the operation allows it. */
  document: string;
  variables?: Record<string, unknown>;
  /** Subscriptions run over Server-Sent Events. */
  sse?: true;
}

const NONE = 999_999;
const FUTURE = '2099-01-01T00:00:00Z';
const RANGE = { from: '2024-10-01T00:00:00Z', to: '2025-01-01T00:00:00Z' };
const LICENSE = { input: { key: 'not-a-key', serverName: 'matrix' } };
const mutation = (name: string, inputType: string, input: Record<string, unknown>, select = '__typename'): Row['document'] & string =>
  `mutation($input: ${inputType}!) { ${name}(input: $input) { ${select} } }` + `#${JSON.stringify(input)}`;

/** `mutation(...)` keeps the input beside the document; this splits them again. */
function row(rule: Rule, document: string, variables?: Record<string, unknown>): Row {
  const [text, input] = document.split('#');
  return { rule, document: text!, variables: input ? { input: JSON.parse(input) } : variables };
}

const OPERATIONS: Record<string, Row> = {
  // Public
  'Query.node': row(everyone, 'query($id: ID!) { node(id: $id) { id } }', { id: gid('Product', NONE) }),
  'Query.nodes': row(everyone, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [gid('Product', NONE)] }),
  'Query.catalog': row(everyone, '{ catalog { code } }'),
  'Query.me': row(everyone, '{ me { kind } }'),
  'Mutation.signIn': row(everyone, mutation('signIn', 'SignInInput', { email: 'nobody@example.test', password: 'wrong' })),
  'Mutation.signOut': row(everyone, 'mutation { signOut }'),
  'Mutation.activateLicense': row(everyone, 'mutation($input: LicenseRequestInput!) { activateLicense(input: $input) { code } }', LICENSE),
  'Mutation.validateLicense': row(everyone, 'mutation($input: LicenseRequestInput!) { validateLicense(input: $input) { code } }', LICENSE),
  'Mutation.deactivateLicense': row(everyone, 'mutation($input: LicenseRequestInput!) { deactivateLicense(input: $input) { code } }', LICENSE),

  // Leases and customers
  'Query.leases': row(scope('leases:read'), '{ leases { pageInfo { hasNextPage } } }'),
  'Query.lease': row(scope('leases:read'), `{ lease(leaseNumber: ${NONE}) { __typename } }`),
  'Query.customers': row(scope('customers:read'), '{ customers { pageInfo { hasNextPage } } }'),
  'Mutation.startLease': row(scope('leases:write'), mutation('startLease', 'StartLeaseInput', { productId: gid('Product', NONE), customer: { email: 'c@example.test' } })),
  'Mutation.modifyLease': row(scope('leases:write'), mutation('modifyLease', 'ModifyLeaseInput', { leaseId: gid('Lease', NONE) })),
  'Mutation.stopLease': row(scope('leases:write'), mutation('stopLease', 'StopLeaseInput', { leaseId: gid('Lease', NONE) })),
  'Mutation.stopLeases': row(scope('leases:write'), mutation('stopLeases', 'StopLeasesInput', { leaseIds: [gid('Lease', NONE)], dryRun: true })),

  // Billing
  'Query.invoices': row(scope('billing:read'), '{ invoices { pageInfo { hasNextPage } } }'),
  'Query.invoice': row(scope('billing:read'), '{ invoice(number: "INV-2099-999999") { __typename } }'),
  'Query.paymentMethod': row(scope('billing:read'), '{ paymentMethod { __typename } }'),
  'Query.invoiceHistory': row(scope('billing:read'), '{ invoiceHistory(months: 2) { period } }'),
  'Query.billingPreview': row(scope('billing:read'), '{ billingPreview { __typename } }'),
  'Query.billingReconciliation': row(scope('billing:run'), '{ billingReconciliation(period: "2099-01") { reported } }'),
  'Mutation.setPaymentMethod': row(scope('billing:write'), mutation('setPaymentMethod', 'CardInput', { number: '4242 4242 4242 4241', expMonth: 12, expYear: 2030, cvc: '123' })),
  'Mutation.payInvoice': row(scope('billing:write'), mutation('payInvoice', 'PayInvoiceInput', { invoiceId: gid('Invoice', NONE) })),
  'Mutation.emailInvoice': row(scope('billing:write'), mutation('emailInvoice', 'EmailInvoiceInput', { invoiceId: gid('Invoice', NONE), to: ['a@example.test'] })),
  'Mutation.runBilling': row(scope('billing:run'), mutation('runBilling', 'RunBillingInput', { period: '2099-01' })),
  'Mutation.setPartnerStatus': row(scope('partners:manage'), mutation('setPartnerStatus', 'SetPartnerStatusInput', { partnerId: gid('Partner', NONE), status: 'SUSPENDED' })),

  // Reports (a namespace: the root field and each report)
  'Query.reports': row(scope('reports:read'), '{ reports { __typename } }'),
  'Reports.activeLeases': row(scope('reports:read'), `query($range: ReportRange!) { reports { activeLeases(range: $range) { __typename } } }`, { range: RANGE }),
  'Reports.leaseFlow': row(scope('reports:read'), `query($range: ReportRange!) { reports { leaseFlow(range: $range) { __typename } } }`, { range: RANGE }),
  'Reports.idleLeases': row(scope('reports:read'), '{ reports { idleLeases { pageInfo { hasNextPage } } } }'),
  'Reports.invoiceTotals': row(scope('reports:read'), `{ reports { invoiceTotals(from: "${RANGE.from}", to: "${RANGE.to}") { __typename } } }`),
  'Reports.spendByProduct': row(scope('reports:read'), '{ reports { spendByProduct { __typename } } }'),
  'Reports.topCustomers': row(scope('reports:read'), '{ reports { topCustomers { __typename } } }'),

  // Exports
  'Query.export': row(scope('customers:export'), 'query($id: ID!) { export(id: $id) { __typename } }', { id: gid('Export', NONE) }),
  'Query.exports': row(scope('customers:export'), '{ exports { pageInfo { hasNextPage } } }'),
  'Mutation.startCustomerExport': row(scope('customers:export'), mutation('startCustomerExport', 'StartCustomerExportInput', { scope: 'ALL', format: 'CSV' })),
  // A finished export of the viewers' partner (made in beforeAll), so the stream has an event to authorize.
  'Subscription.exportProgress': { ...row(scope('customers:export'), 'subscription($id: ID!) { exportProgress(id: $id) { __typename } }', { id: gid('Export', 1) }), sse: true },

  // Live updates: any member of a partner (each hears only what its scopes read, see test/live/live-updates.test.ts) and vendor staff.
  'Subscription.liveUpdates': { ...row(scopeOrVendor(...API_KEY_SCOPES, 'account:read'), 'subscription { liveUpdates { __typename } }'), sse: true },

  // Webhooks
  'Query.webhookEndpoints': row(scope('webhooks:manage'), '{ webhookEndpoints { __typename } }'),
  'Query.webhookEventTypes': row(everyone, '{ webhookEventTypes }'),
  'Mutation.createWebhookEndpoint': row(scope('webhooks:manage'), mutation('createWebhookEndpoint', 'CreateWebhookEndpointInput', { url: 'not a url' })),
  'Mutation.updateWebhookEndpoint': row(scope('webhooks:manage'), mutation('updateWebhookEndpoint', 'UpdateWebhookEndpointInput', { endpointId: gid('WebhookEndpoint', NONE) })),
  'Mutation.rotateWebhookSecret': row(scope('webhooks:manage'), mutation('rotateWebhookSecret', 'WebhookEndpointIdInput', { endpointId: gid('WebhookEndpoint', NONE) })),
  'Mutation.sendTestWebhook': row(scope('webhooks:manage'), mutation('sendTestWebhook', 'WebhookEndpointIdInput', { endpointId: gid('WebhookEndpoint', NONE) })),
  'Mutation.replayWebhookDelivery': row(scope('webhooks:manage'), mutation('replayWebhookDelivery', 'ReplayWebhookDeliveryInput', { deliveryId: gid('WebhookDelivery', NONE) })),
  'Mutation.replayFailedWebhookDeliveries': row(
    scope('webhooks:manage'),
    mutation('replayFailedWebhookDeliveries', 'ReplayFailedWebhookDeliveriesInput', { endpointId: gid('WebhookEndpoint', NONE), since: FUTURE }),
  ),

  // Outbox
  'Query.outboxMessages': row(scopeOrVendor('audit:read'), '{ outboxMessages { pageInfo { hasNextPage } } }'),

  // Account
  'Mutation.changePassword': row(person, mutation('changePassword', 'ChangePasswordInput', { currentPassword: 'whatever', newPassword: 'short' })),
  'Query.partner': row(scope('account:read'), '{ partner { __typename } }'),
  'Mutation.updatePartnerContact': row(scope('account:write'), mutation('updatePartnerContact', 'UpdatePartnerContactInput', {})),
  'Query.contacts': row(scope('account:read'), '{ contacts { __typename } }'),
  'Mutation.addContact': row(scope('account:write'), mutation('addContact', 'AddContactInput', { name: ' ', email: 'c@example.test' })),
  'Mutation.updateContact': row(scope('account:write'), mutation('updateContact', 'UpdateContactInput', { contactId: gid('Contact', NONE) })),
  'Mutation.removeContact': row(scope('account:write'), mutation('removeContact', 'RemoveContactInput', { contactId: gid('Contact', NONE) })),
  'Query.mailingLists': row(scope('account:read'), '{ mailingLists { list } }'),
  'Mutation.setMailingListSubscription': row(
    scope('account:write'),
    mutation('setMailingListSubscription', 'SetMailingListSubscriptionInput', { email: 'nobody@example.test', list: 'PRODUCT_NEWS', subscribed: false }),
  ),
  'Query.users': row(scope('users:manage'), '{ users { __typename } }'),
  'Mutation.addUser': row(scope('users:manage'), mutation('addUser', 'AddUserInput', { email: 'new@example.test', name: 'New', role: 'ANALYST', password: 'short' })),
  'Mutation.changeUserRole': row(scope('users:manage'), mutation('changeUserRole', 'ChangeUserRoleInput', { userId: gid('User', NONE), role: 'ANALYST' })),
  'Mutation.deactivateUser': row(scope('users:manage'), mutation('deactivateUser', 'DeactivateUserInput', { userId: gid('User', NONE) })),
  'Query.apiKeys': row(scope('apikeys:manage'), '{ apiKeys { __typename } }'),
  'Mutation.createApiKey': row(scope('apikeys:manage'), mutation('createApiKey', 'CreateApiKeyInput', { name: 'k', scopes: ['LEASES_READ'], expiresAt: '2000-01-01T00:00:00Z' })),
  'Mutation.revokeApiKey': row(scope('apikeys:manage'), mutation('revokeApiKey', 'RevokeApiKeyInput', { apiKeyId: gid('ApiKey', NONE) })),
  'Query.auditLog': row(scope('audit:read'), '{ auditLog { pageInfo { hasNextPage } } }'),
  'Query.auditActions': row(scope('audit:read'), '{ auditActions { action } }'),

  // Vendor staff
  'Query.partners': row(scope('vendor:read'), '{ partners { pageInfo { hasNextPage } } }'),
  'Mutation.setProductPrice': row(scope('catalog:write'), mutation('setProductPrice', 'SetProductPriceInput', { productId: gid('Product', NONE), amountCents: 100, effectiveFrom: FUTURE })),
  'Mutation.setAddOnPrice': row(
    scope('catalog:write'),
    mutation('setAddOnPrice', 'SetAddOnPriceInput', { addOnId: gid('AddOn', NONE), tierRank: 0, amountCents: 100, effectiveFrom: FUTURE }),
  ),
};

/** Root types plus namespace types, whose fields are operations of their own. */
const NAMESPACES = ['Reports'];

function operationsInSchema(): string[] {
  const types = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType(), ...NAMESPACES.map((name) => schema.getType(name))];
  return types
    .filter((type): type is GraphQLObjectType => Boolean(type))
    .flatMap((type) => Object.keys(type.getFields()).map((field) => `${type.name}.${field}`))
    .sort();
}

// ───────────────────────────── viewers ─────────────────────────────

const ROLES: Role[] = ['OWNER', 'MANAGER', 'ANALYST', 'BILLING', 'ADMIN'];
type Viewer = { kind: 'role'; role: Role } | { kind: 'anonymous' } | { kind: 'apiKey'; scope: ApiKeyScope };
const VIEWERS: Viewer[] = [
  ...ROLES.map((role) => ({ kind: 'role', role }) as const),
  { kind: 'anonymous' },
  ...API_KEY_SCOPES.map((s) => ({ kind: 'apiKey', scope: s }) as const),
];
const nameOf = (v: Viewer) => (v.kind === 'role' ? v.role : v.kind === 'apiKey' ? `API key with ${v.scope} only` : 'anonymous');

function scopesOf(viewer: Viewer): readonly Scope[] {
  if (viewer.kind === 'role') return ROLE_SCOPES[viewer.role];
  return viewer.kind === 'apiKey' ? [viewer.scope] : [];
}

function allowed(rule: Rule, viewer: Viewer): boolean {
  if (rule.kind === 'everyone') return true;
  if (rule.kind === 'person') return viewer.kind === 'role';
  if (rule.vendor && viewer.kind === 'role' && viewer.role === 'ADMIN') return true;
  return rule.anyOf.some((s) => scopesOf(viewer).includes(s));
}

// ───────────────────────────── the app ─────────────────────────────

let t: TestApp;
const userIds = new Map<Role, number>();
const keyHeaders = new Map<ApiKeyScope, Record<string, string>>();

beforeAll(async () => {
  t = await createTestApp();
  const partner = await createPartner(t.db);
  for (const role of ROLES) {
    const user = await t.db.user.create({
      data: { partnerId: role === 'ADMIN' ? null : partner.id, email: `matrix-${role.toLowerCase()}@example.test`, name: role, passwordHash: 'x', role },
    });
    userIds.set(role, user.id);
  }
  for (const s of API_KEY_SCOPES) keyHeaders.set(s, (await apiKeyFor(t.db, partner.id, [s])).headers);
  const finished = await t.db.export.create({ data: { partnerId: partner.id, format: 'CSV', filter: { scope: 'ALL' }, status: 'SUCCEEDED' } });
  expect(gid('Export', finished.id)).toBe(OPERATIONS['Subscription.exportProgress']!.variables!['id']);
});
afterAll(() => t.close());

/** A fresh session per request, as some operations (signOut) end the one they are called with. */
async function headersOf(viewer: Viewer): Promise<Record<string, string>> {
  if (viewer.kind === 'anonymous') return {};
  if (viewer.kind === 'apiKey') return keyHeaders.get(viewer.scope)!;
  const session = await createSession(t.db, t.clock, userIds.get(viewer.role)!, { ip: null, userAgent: null });
  return { cookie: `${SESSION_COOKIE}=${session.token}` };
}

type Outcome = { refused: boolean; errors: string[] };

async function run(operation: Row, headers: Record<string, string>): Promise<Outcome> {
  let messages: string[];
  if (operation.sse) {
    const response = await t.app.fetch(
      new Request('http://test.local/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
        body: JSON.stringify({ query: operation.document, variables: operation.variables }),
      }),
    );
    const events = (await response.text()).split('\n').filter((line) => line.startsWith('data: ') && line.length > 6);
    messages = events.flatMap((line) => ((JSON.parse(line.slice(6)) as { errors?: { message: string }[] }).errors ?? []).map((e) => e.message));
  } else {
    const response = await t.gql(operation.document, operation.variables, headers);
    messages = (response.errors ?? []).map((e) => e.message);
  }
  const refusals = messages.filter((m) => m.startsWith('Not authorized'));
  return { refused: refusals.length > 0 && refusals.length === messages.length, errors: messages };
}

describe('the permission matrix', () => {
  it('has a row for every operation in the schema, and none for operations that are gone', () => {
    const inSchema = operationsInSchema();
    expect({ missingRows: inSchema.filter((op) => !(op in OPERATIONS)), staleRows: Object.keys(OPERATIONS).filter((op) => !inSchema.includes(op)) }).toEqual({
      missingRows: [],
      staleRows: [],
    });
  });

  describe.each(Object.entries(OPERATIONS))('%s', (_name, operation) => {
    it.each(VIEWERS.map((viewer) => ({ viewer, name: nameOf(viewer), expected: allowed(operation.rule, viewer) })))(
      '$name: allowed = $expected',
      async ({ viewer, expected }) => {
        const outcome = await run(operation, await headersOf(viewer));
        if (expected) expect(outcome.errors, 'an allowed call must run without any error').toEqual([]);
        else expect(outcome.refused, `expected "Not authorized", got ${JSON.stringify(outcome.errors)}`).toBe(true);
      },
    );
  });
});
