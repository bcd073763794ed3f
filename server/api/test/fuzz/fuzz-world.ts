import type { Db } from '@leaseboard/db';
import { createSession, readCookie, SESSION_COOKIE } from '@leaseboard/domain/auth/sessions';
import { sha256 } from '@leaseboard/domain/auth/tokens';
import type { Clock } from '@leaseboard/domain/clock';
import { formatLicenseKey } from '@leaseboard/domain/licenses/license-key.rules';
import { billedWorld } from '../billing-world.ts';
import { apiKeyFor, gid } from '../factories.ts';
import type { TestApp } from '../harness.ts';

/** Who sends a fuzzed request: nobody, partner A's OWNER, an API key of A with two scopes, vendor staff. */
export type CallerName = 'anonymous' | 'owner' | 'apiKey' | 'vendor';
export const CALLERS: readonly CallerName[] = ['anonymous', 'owner', 'apiKey', 'vendor'];

/** The values a fuzzed input is built from when it is meant to be plausible: partner A's own and partner B's. */
export interface Pools {
  ownIds: string[];
  foreignIds: string[];
  ownInvoiceIds: number[];
  foreignInvoiceIds: number[];
  leaseNumbers: number[];
  texts: string[];
  licenseKeys: string[];
}

/** The webhook URL guard's DNS (no network): `.test` hosts have a public address, `metadata.internal` is the cloud metadata address. */
export async function fuzzResolver(host: string): Promise<string[]> {
  if (host.endsWith('.test')) return ['93.184.215.14'];
  if (host === 'metadata.internal') return ['169.254.169.254'];
  if (host === 'localhost') return ['127.0.0.1'];
  return [];
}

export interface FuzzWorld {
  pools: Pools;
  headersOf(caller: CallerName): Record<string, string>;
  /** Puts back the callers a fuzzed mutation took away (signOut, revokeApiKey, deactivateUser, a suspended partner). */
  restoreCallers(): Promise<void>;
}

/**
 * Partner A ("North": card on file, paid invoices, two leases) and partner B ("South": an open invoice,
 * a lease), vendor staff, and the four callers. A has a contact and a webhook endpoint too.
 */
export async function fuzzWorld(t: TestApp): Promise<FuzzWorld> {
  const world = await billedWorld(t);
  const a = world.north.id;
  const b = world.south.id;
  const contactA = await t.db.contact.create({ data: { partnerId: a, name: 'Ann Contact', email: 'ann.contact@north.test' } });
  const contactB = await t.db.contact.create({ data: { partnerId: b, name: 'Bo Contact', email: 'bo.contact@south.test' } });
  const endpointA = await t.db.webhookEndpoint.create({ data: { partnerId: a, url: 'https://hooks.north.test/lb', secret: 'whsec_bm9ydGg=' } });
  const endpointB = await t.db.webhookEndpoint.create({ data: { partnerId: b, url: 'https://hooks.south.test/lb', secret: 'whsec_c291dGg=' } });
  const keyFew = await apiKeyFor(t.db, a, ['leases:read', 'customers:read']);
  const leases = await t.db.lease.findMany({ orderBy: { id: 'asc' } });
  const customers = await t.db.customer.findMany({ orderBy: { id: 'asc' } });
  const products = await t.db.product.findMany({ orderBy: { id: 'asc' }, take: 3 });
  const addOns = await t.db.addOn.findMany({ orderBy: { id: 'asc' }, take: 2 });
  const types = await t.db.productType.findMany({ orderBy: { id: 'asc' }, take: 2 });
  const invoices = [...world.northInvoices, ...world.southInvoices];

  const owned = (partnerId: number) => [
    ...leases.filter((l) => l.partnerId === partnerId).map((l) => gid('Lease', l.id)),
    ...customers.filter((c) => c.partnerId === partnerId).map((c) => gid('Customer', c.id)),
    ...invoices.filter((i) => i.partnerId === partnerId).map((i) => i.gid),
  ];
  const pools: Pools = {
    ownIds: [
      ...owned(a),
      gid('Contact', contactA.id),
      gid('WebhookEndpoint', endpointA.id),
      gid('User', world.users.northManager.user.id),
      gid('ApiKey', world.keys.northBillingRead.key.id),
      gid('Partner', a),
      ...products.map((p) => gid('Product', p.id)),
      ...addOns.map((x) => gid('AddOn', x.id)),
      ...types.map((x) => gid('ProductType', x.id)),
    ],
    foreignIds: [...owned(b), gid('Contact', contactB.id), gid('WebhookEndpoint', endpointB.id), gid('User', world.users.southOwner.user.id), gid('Partner', b)],
    ownInvoiceIds: world.northInvoices.map((i) => i.id),
    foreignInvoiceIds: world.southInvoices.map((i) => i.id),
    leaseNumbers: leases.map((l) => l.id),
    licenseKeys: leases.map((l) => formatLicenseKey(l.licenseKey)),
    texts: [
      ...customers.map((c) => c.email),
      ...invoices.map((i) => i.number ?? i.period),
      'ann.contact@north.test',
      ...Object.values(world.users).map((u) => u.user.email),
      'leaseboard-demo',
      '2025-01',
      'SM-PRO-250',
      'ACTIVESYNC',
      'https://hooks.north.test/other',
      'http://hooks.north.test/plain',
      'https://metadata.internal/latest',
      'http://169.254.169.254/latest/meta-data',
      'https://[::1]:8443/x',
      'https://localhost:99999/',
      'https://user:secret@hooks.north.test/',
      `https://hooks.north.test/${'a'.repeat(3_000)}`,
      'javascript:alert(1)',
      'ftp://hooks.north.test/',
      'lease.started',
      '4242424242424242',
    ],
  };

  const sessions = { owner: world.users.northOwner, vendor: world.users.vendor };
  const headers: Record<CallerName, Record<string, string>> = {
    anonymous: {},
    owner: sessions.owner.headers,
    apiKey: keyFew.headers,
    vendor: sessions.vendor.headers,
  };
  let apiKeyId = keyFew.key.id;

  return {
    pools,
    headersOf: (caller) => headers[caller],
    async restoreCallers() {
      await t.db.partner.updateMany({ where: { id: a, status: { not: 'ACTIVE' } }, data: { status: 'ACTIVE' } });
      for (const name of ['owner', 'vendor'] as const) {
        const user = sessions[name].user;
        await t.db.user.updateMany({ where: { id: user.id, OR: [{ active: false }, { role: { not: user.role } }] }, data: { active: true, role: user.role } });
        headers[name] = await liveSession(t.db, t.clock, user.id, headers[name]);
      }
      const key = await t.db.apiKey.findUniqueOrThrow({ where: { id: apiKeyId } });
      if (key.revokedAt) {
        const fresh = await apiKeyFor(t.db, a, ['leases:read', 'customers:read']);
        apiKeyId = fresh.key.id;
        headers.apiKey = fresh.headers;
      }
    },
  };
}

/** The caller's session cookie while its session lives, else a new one. */
async function liveSession(db: Db, clock: Clock, userId: number, current: Record<string, string>): Promise<Record<string, string>> {
  const token = readCookie(current['cookie'] ?? null, SESSION_COOKIE);
  if (token && (await db.session.count({ where: { id: sha256(token) } })) > 0) return current;
  const session = await createSession(db, clock, userId, { ip: null, userAgent: null });
  return { cookie: `${SESSION_COOKIE}=${session.token}` };
}
