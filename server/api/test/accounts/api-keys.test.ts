import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFor, catalogOf, createPartner, gid, product, signedInUser } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';

const KEY_FIELDS = 'id name prefix scopes createdAt lastUsedAt expiresAt revokedAt';
const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { ${KEY_FIELDS} } secret userErrors { code field } } }`;
const REVOKE = `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id revokedAt } userErrors { code field } } }`;
const KEYS = `{ apiKeys { ${KEY_FIELDS} } }`;
const START = `mutation($input: StartLeaseInput!) { startLease(input: $input) { lease { leaseNumber } userErrors { code } } }`;

type Key = { id: string; name: string; prefix: string; scopes: string[]; lastUsedAt: string | null; expiresAt: string | null; revokedAt: string | null };
type Created = { createApiKey: { apiKey: Key | null; secret: string | null; userErrors: { code: string; field: string[] | null }[] } };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function owner() {
  const partner = await createPartner(t.db);
  return { partner, ...(await signedInUser(t.db, t.clock, partner.id, 'OWNER')) };
}

describe('an API key', () => {
  describe('over its whole life', () => {
    it('is shown once, works as a Bearer token within its scopes, and is refused with 401 once revoked', async () => {
      const { headers, partner } = await owner();
      const created = await t.gql<Created>(CREATE, { input: { name: 'WHMCS', scopes: ['LEASES_READ', 'LEASES_WRITE'] } }, headers);
      const { apiKey, secret, userErrors } = created.data.createApiKey;
      expect(userErrors).toEqual([]);
      expect(apiKey).toMatchObject({ name: 'WHMCS', scopes: ['LEASES_READ', 'LEASES_WRITE'], lastUsedAt: null, revokedAt: null });
      expect(secret).toMatch(new RegExp(`^${apiKey!.prefix}_[A-Za-z0-9_-]{20,}$`));

      const stored = await t.db.apiKey.findFirstOrThrow({ where: { partnerId: partner.id } });
      expect(JSON.stringify(stored)).not.toContain(secret!.slice(apiKey!.prefix.length + 1));
      expect(JSON.stringify(await t.db.auditLog.findMany({ where: { partnerId: partner.id } }))).not.toContain(secret!.slice(13));

      const bearer = { authorization: `Bearer ${secret}` };
      const me = await t.gql<{ me: { kind: string; label: string; scopes: string[] } }>('{ me { kind label scopes } }', {}, bearer);
      expect(me.data.me).toEqual({ kind: 'apiKey', label: `api-key:${apiKey!.prefix}`, scopes: ['leases:read', 'leases:write'] });
      const catalog = await catalogOf(t.db);
      const started = await t.gql<{ startLease: { userErrors: unknown[] } }>(
        START,
        { input: { productId: product(catalog, 'SM-PRO-100').gid, customer: { email: 'cart@customer.test' } } },
        bearer,
      );
      expect(started.data.startLease.userErrors).toEqual([]);
      expect((await t.gql<{ apiKeys: Key[] }>(KEYS, {}, headers)).data.apiKeys[0]!.lastUsedAt).toBe(t.clock.now().toISOString());

      const revoked = await t.gql<{ revokeApiKey: { apiKey: { revokedAt: string }; userErrors: unknown[] } }>(REVOKE, { input: { apiKeyId: apiKey!.id } }, headers);
      expect(revoked.data.revokeApiKey).toEqual({ apiKey: { id: apiKey!.id, revokedAt: t.clock.now().toISOString() }, userErrors: [] });

      const refused = await t.gql('{ me { kind } }', {}, bearer);
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
      const actions = await t.db.auditLog.findMany({ where: { partnerId: partner.id, targetType: 'ApiKey' }, orderBy: { id: 'asc' } });
      expect(actions.map((a) => a.action)).toEqual(['api_key.create', 'api_key.revoke']);
    });
  });

  describe('when it only reads', () => {
    it('cannot start, modify or stop a lease', async () => {
      const { partner } = await owner();
      const readOnly = await apiKeyFor(t.db, partner.id, ['leases:read', 'customers:read', 'reports:read', 'billing:read']);
      const catalog = await catalogOf(t.db);
      const response = await t.gql(START, { input: { productId: product(catalog, 'SM-PRO-100').gid, customer: { email: 'x@y.test' } } }, readOnly.headers);
      expect(response.data).toBeNull();
      expect(response.errors?.[0]?.message).toMatch(/Not authorized to resolve Mutation.startLease/);
      expect(await t.db.lease.count({ where: { partnerId: partner.id } })).toBe(0);
      expect((await t.gql('{ leases { totalCount } }', {}, readOnly.headers)).data).toEqual({ leases: { totalCount: 0 } });
    });
  });

  describe('when it has expired', () => {
    it('is refused with 401', async () => {
      const { headers } = await owner();
      const expiresAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
      const created = await t.gql<Created>(CREATE, { input: { name: 'temp', scopes: ['REPORTS_READ'], expiresAt } }, headers);
      const bearer = { authorization: `Bearer ${created.data.createApiKey.secret}` };
      expect((await t.gql('{ me { kind } }', {}, bearer)).status).toBe(200);
      t.clock.advance(3_600_000);
      expect((await t.gql('{ me { kind } }', {}, bearer)).status).toBe(401);
    });
  });
});

describe('createApiKey', () => {
  describe('when the expiry is in the past', () => {
    it('returns API_KEY_EXPIRY_IN_PAST', async () => {
      const { headers } = await owner();
      const expiresAt = new Date(t.clock.now().getTime() - 1000).toISOString();
      const response = await t.gql<Created>(CREATE, { input: { name: 'late', scopes: ['LEASES_READ'], expiresAt } }, headers);
      expect(response.data.createApiKey).toEqual({ apiKey: null, secret: null, userErrors: [{ code: 'API_KEY_EXPIRY_IN_PAST', field: ['expiresAt'] }] });
    });
  });

  describe('when no scope is given', () => {
    it('is refused by the input shape', async () => {
      const { headers, partner } = await owner();
      const response = await t.gql(CREATE, { input: { name: 'none', scopes: [] } }, headers);
      expect(response.errors?.map((e) => e.message)).toEqual([expect.stringMatching(/scopes/)]);
      expect(response.errors?.[0]?.message).not.toMatch(/Unexpected error/);
      expect(await t.db.apiKey.count({ where: { partnerId: partner.id } })).toBe(0);
    });
  });

  describe('when a scope only people hold is asked for', () => {
    it('is refused by the schema: ApiKeyScope has no such value', async () => {
      const { headers } = await owner();
      const response = await t.gql(CREATE, { input: { name: 'sneaky', scopes: ['USERS_MANAGE'] } }, headers);
      expect(response.errors?.[0]?.message).toMatch(/ApiKeyScope/);
    });
  });

  describe('when retried with the same idempotency key', () => {
    it('returns the same key without its secret, which was never stored', async () => {
      const { headers, partner } = await owner();
      const input = { name: 'cart', scopes: ['LEASES_WRITE'], idempotencyKey: 'create-cart-key' };
      const first = await t.gql<Created>(CREATE, { input }, headers);
      const second = await t.gql<Created>(CREATE, { input }, headers);
      expect(second.data.createApiKey.apiKey?.id).toBe(first.data.createApiKey.apiKey?.id);
      expect(first.data.createApiKey.secret).toMatch(/^lbk_/);
      expect(second.data.createApiKey.secret).toBeNull();
      expect(await t.db.apiKey.count({ where: { partnerId: partner.id } })).toBe(1);
      expect(JSON.stringify(await t.db.idempotencyKey.findMany({ where: { partnerId: partner.id } }))).not.toContain(first.data.createApiKey.secret!);
    });
  });
});

describe('apiKeys', () => {
  describe('when an owner asks', () => {
    it("returns the partner's keys newest first, revoked ones included, never another partner's", async () => {
      const { headers, partner } = await owner();
      const older = await apiKeyFor(t.db, partner.id, ['leases:read']);
      const newer = await apiKeyFor(t.db, partner.id, ['billing:read', 'billing:write']);
      await t.db.apiKey.update({ where: { id: older.key.id }, data: { revokedAt: t.clock.now() } });
      await apiKeyFor(t.db, (await createPartner(t.db)).id, ['leases:read']);
      const keys = (await t.gql<{ apiKeys: Key[] }>(KEYS, {}, headers)).data.apiKeys;
      expect(keys.map((k) => [k.prefix, k.scopes, k.revokedAt !== null])).toEqual([
        [newer.key.prefix, ['BILLING_READ', 'BILLING_WRITE'], false],
        [older.key.prefix, ['LEASES_READ'], true],
      ]);
    });
  });
});

describe('revokeApiKey', () => {
  describe("when the key is another partner's", () => {
    it('returns API_KEY_NOT_FOUND and the key keeps working', async () => {
      const { headers } = await owner();
      const theirs = await apiKeyFor(t.db, (await createPartner(t.db)).id, ['leases:read']);
      const response = await t.gql<{ revokeApiKey: unknown }>(REVOKE, { input: { apiKeyId: gid('ApiKey', theirs.key.id) } }, headers);
      expect(response.data.revokeApiKey).toEqual({ apiKey: null, userErrors: [{ code: 'API_KEY_NOT_FOUND', field: ['apiKeyId'] }] });
      expect((await t.gql('{ me { kind } }', {}, theirs.headers)).status).toBe(200);
    });
  });

  describe('when the key is already revoked', () => {
    it('returns API_KEY_ALREADY_REVOKED', async () => {
      const { headers, partner } = await owner();
      const key = await apiKeyFor(t.db, partner.id, ['leases:read']);
      await t.gql(REVOKE, { input: { apiKeyId: gid('ApiKey', key.key.id) } }, headers);
      const again = await t.gql<{ revokeApiKey: { userErrors: { code: string }[] } }>(REVOKE, { input: { apiKeyId: gid('ApiKey', key.key.id) } }, headers);
      expect(again.data.revokeApiKey.userErrors.map((e) => e.code)).toEqual(['API_KEY_ALREADY_REVOKED']);
    });
  });
});
