import type { Db, Role } from '@leaseboard/db';
import { seedCatalog, type Catalog } from '@leaseboard/db/catalog';
import { newApiKeySecret } from '../src/auth/api-key-secret.ts';
import { createSession, SESSION_COOKIE } from '../src/auth/sessions.ts';
import type { ApiKeyScope } from '../src/auth/scopes.ts';
import type { Clock } from '../src/clock.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { startLease } from '../src/leases/start-lease.ts';
import { formatLicenseKey } from '../src/licenses/license-key.rules.ts';

// A fixed, cheap hash: factories never verify passwords (the sign-in tests hash their own).
const UNUSABLE_HASH = '$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

let sequence = 0;
const next = () => ++sequence;

export function catalogOf(db: Db): Promise<Catalog> {
  return seedCatalog(db);
}

/** Product of the seeded catalog by SKU, e.g. SM-PRO-250, SM-ENT-500, ST-PRO-5. */
export function product(catalog: Catalog, sku: string) {
  const found = catalog.products.find((p) => p.sku === sku);
  if (!found) throw new Error(`no product ${sku}; have ${catalog.products.map((p) => p.sku).join(', ')}`);
  return found;
}

/** Add-on of the seeded catalog by code, e.g. ACTIVESYNC, PREMIUM_ANTISPAM. */
export function addOn(catalog: Catalog, code: string) {
  const found = catalog.addOns.find((a) => a.code === code || a.sku === code);
  if (!found) throw new Error(`no add-on ${code}; have ${catalog.addOns.map((a) => a.code).join(', ')}`);
  return found;
}

export async function createPartner(db: Db, overrides: Partial<{ company: string; status: 'ACTIVE' | 'SUSPENDED' | 'CLOSED' }> = {}) {
  const n = next();
  return db.partner.create({
    data: {
      company: overrides.company ?? `Partner ${n}`,
      contactName: `Contact ${n}`,
      contactEmail: `contact${n}@partner${n}.test`,
      billingEmail: `billing${n}@partner${n}.test`,
      status: overrides.status ?? 'ACTIVE',
    },
  });
}

/** A user with a live session; `headers` authenticate requests as that user. */
/**
 * `count` customers of the partner, bulk1@example.test … bulk<count>@example.test in id order, each with one
 * active lease of the first product started 2025-01-02: one statement, for tests that need many.
 */
export async function createBulkCustomers(db: Db, partnerId: number, count: number): Promise<void> {
  await db.$executeRaw`
    WITH c AS (
      INSERT INTO "Customer" ("partnerId", email, "emailNorm", name)
      SELECT ${partnerId}::int, 'bulk' || g || '@example.test', 'bulk' || g || '@example.test', 'Bulk ' || g FROM generate_series(1, ${count}::int) g
      RETURNING id, "emailNorm")
    INSERT INTO "Lease" ("partnerId", "customerId", "productId", "licenseKey", "startedAt", "sendKeyTo", "customerEmailNorm", "updatedAt")
    SELECT ${partnerId}::int, c.id, (SELECT min(id) FROM "Product"), 'BULK' || c.id, '2025-01-02', c."emailNorm", c."emailNorm", now() FROM c`;
}

export async function signedInUser(db: Db, clock: Clock, partnerId: number | null, role: Role) {
  const n = next();
  const user = await db.user.create({
    data: { partnerId, email: `${role.toLowerCase()}${n}@example.test`, name: `${role} ${n}`, passwordHash: UNUSABLE_HASH, role },
  });
  const session = await createSession(db, clock, user.id, { ip: null, userAgent: null });
  return { user, headers: { cookie: `${SESSION_COOKIE}=${session.token}` } };
}

/** An API key of the partner with the given scopes; `headers` authenticate with it. */
export async function apiKeyFor(db: Db, partnerId: number, scopes: ApiKeyScope[]) {
  const secret = newApiKeySecret();
  const key = await db.apiKey.create({ data: { partnerId, name: `key ${next()}`, prefix: secret.prefix, hash: secret.hash, scopes } });
  return { key, secret: secret.key, headers: { authorization: `Bearer ${secret.key}` } };
}

/** A login with a real argon2id password, for tests that sign in or check the current password. */
export async function userWithPassword(db: Db, partnerId: number | null, role: Role, password: string) {
  const n = next();
  return db.user.create({
    data: { partnerId, email: `${role.toLowerCase()}${n}@example.test`, name: `${role} ${n}`, passwordHash: await hashPassword(password), role },
  });
}

/** An active lease of the partner started through the use case; `displayKey` is its key in display form. */
export async function startedLease(db: Db, clock: Clock, partnerId: number, sku = 'SM-PRO-250') {
  const found = product(await catalogOf(db), sku);
  const meta = { viewer: { kind: 'anonymous' as const, scopes: new Set<never>(), label: 'factory' }, ip: null, requestId: 'factory', at: clock.now() };
  const result = await startLease(db, partnerId, meta, { productId: found.id, addOnIds: [], customer: { email: `customer${next()}@example.test` } });
  if (!result.ok) throw new Error(`startedLease: ${result.errors.map((e) => e.code).join(', ')}`);
  const lease = await db.lease.findUniqueOrThrow({ where: { id: result.value.leaseId } });
  return { ...lease, displayKey: formatLicenseKey(lease.licenseKey) };
}
