import pg from 'pg';
import { createDb, type Db } from '@leaseboard/db';
import { insertAccounts, type AccountCounts } from './accounts-writer.ts';
import { seedCatalog, type Catalog } from '@leaseboard/db/catalog';
import { pauseReportRollups } from './report-rollups.ts';
import { insertCustomers } from './customers-writer.ts';
import { benchmarkPartners, DEMO_PARTNERS, DEMO_PASSWORD, type PartnerSpec } from './demo-accounts.ts';
import { lastCompleteMonths } from './invoice-plan.ts';
import { InvoiceBook } from './invoices-writer.ts';
import { deferIndexesAndForeignKeys, restoreDeferred } from './deferred-schema.ts';
import { DAY_MS, LeaseCatalog, MINUTE_MS } from './lease-plan.ts';
import { LeaseWriter } from './leases-writer.ts';
import { simpleLicenseKey, type MakeLicenseKey } from './license-keys.ts';
import { ascendingUniforms, Random } from './random.ts';
import { leaseStartMs, timelineEndingAt } from './timeline.ts';

export interface SeedOptions {
  /** Stops the seed at its next step or batch of leases and rolls it back (a stop signal during the server's first start). */
  signal?: AbortSignal;
  /** Seed of the pseudo-random generator: same seed, same `now` and scale → same data. Default 1. */
  seed?: number;
  /** Number of leases. Default 5000. Customers are 40% of it. */
  scale?: number;
  /** End of the 14 months of history. Default: the current time, truncated to the minute. */
  now?: Date;
  log?: (line: string) => void;
  /** Hashes the demo password (argon2id); required, since this package does not depend on an argon2 library. */
  hashPassword?: (plain: string) => Promise<string>;
  /**
   * Makes canonical license keys. Default: `simpleLicenseKey`, whose keys have the right shape but not the
   * server's check character; pass the server's generator (see license-keys.ts) for keys the app accepts.
   */
  makeLicenseKey?: MakeLicenseKey;
  /** Complete months invoiced before `now`. Default 13, or 2 above 100,000 leases. */
  invoiceMonths?: number;
  /** Partners. Default 3 (the demo partners), or 20 from 100,000 leases. At least 3. */
  partners?: number;
  /** Leases generated and inserted per batch. Default 10,000. */
  batchSize?: number;
  /**
   * Take the plain indexes and foreign keys off the big tables during the load and restore them (building
   * and validating once) at the end of the same transaction. Default: above 100,000 leases.
   */
  deferIndexes?: boolean;
}

export interface SeedSummary {
  seed: number;
  scale: number;
  now: Date;
  partners: number;
  users: number;
  contacts: number;
  subscriptions: number;
  paymentMethods: number;
  customers: number;
  leases: number;
  leaseAddOns: number;
  leaseHistory: number;
  activations: number;
  invoices: number;
  invoiceLines: number;
  paymentAttempts: number;
  /** True when admin@leaseboard.test was already there (its password was left alone). */
  adminExisted: boolean;
  durationMs: number;
}

export type SeedErrorCode = 'DATABASE_NOT_EMPTY' | 'NO_PASSWORD_HASHER' | 'INVALID_OPTION';

export class SeedError extends Error {
  override readonly name = 'SeedError';
  readonly code: SeedErrorCode;

  constructor(code: SeedErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export const DEFAULT_SCALE = 5000;
export const LARGE_SCALE = 100_000;
const CUSTOMERS_PER_LEASE = 0.4;
const BULK_TABLES = ['Customer', 'Lease', 'LeaseAddOn', 'LeaseHistory', 'Activation', 'InvoiceLine'];

const missingHasher = async (): Promise<string> => {
  throw new SeedError(
    'NO_PASSWORD_HASHER',
    'seedDemo needs options.hashPassword (e.g. `hash` from @node-rs/argon2) to hash the demo password',
  );
};

/** No partners yet: the demo data can go in. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  return (await db.partner.findFirst({ select: { id: true } })) === null;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new SeedError('INVALID_OPTION', `${name} must be a positive integer, got ${value}`);
  return value;
}

function partnerSpecs(count: number): { specs: PartnerSpec[]; weights: number[] } {
  if (count < DEMO_PARTNERS.length) throw new SeedError('INVALID_OPTION', `partners must be at least ${DEMO_PARTNERS.length}`);
  const extra = benchmarkPartners(count - DEMO_PARTNERS.length);
  const demoShare = extra.length ? 0.45 : 1;
  const extraWeights = extra.map((_, index) => 0.6 + ((index * 7) % 10) / 10);
  const extraTotal = extraWeights.reduce((sum, weight) => sum + weight, 0);
  return {
    specs: [...DEMO_PARTNERS, ...extra],
    weights: [
      ...DEMO_PARTNERS.map((partner) => partner.weight * demoShare),
      ...extraWeights.map((weight) => ((1 - demoShare) * weight) / extraTotal),
    ],
  };
}

async function nextId(client: pg.ClientBase, table: string): Promise<number> {
  const result = await client.query<{ next: number }>(`SELECT coalesce(max("id"), 0) + 1 AS next FROM "${table}"`);
  return Number(result.rows[0]!.next);
}

async function syncSequence(client: pg.ClientBase, table: string): Promise<void> {
  await client.query(
    `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce(max("id"), 1), max("id") IS NOT NULL) FROM "${table}"`,
  );
}

/**
 * Fills an empty database with deterministic demo (or benchmark) data: the catalog, the vendor admin,
 * partners with logins, customers and leases with 14 months of history and activations, and paid invoices
 * for past months. Everything but the catalog goes in one transaction.
 */
export async function seedDemo(url: string, options: SeedOptions = {}): Promise<SeedSummary> {
  const startedAt = performance.now();
  const seed = options.seed ?? 1;
  const scale = positiveInteger('scale', options.scale ?? DEFAULT_SCALE);
  const now = options.now ?? new Date(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS);
  const nowMs = now.getTime();
  const log = options.log ?? (() => {});
  const hashPassword = options.hashPassword ?? missingHasher;
  const large = scale > LARGE_SCALE;
  const monthCount = positiveInteger('invoiceMonths', options.invoiceMonths ?? (large ? 2 : 13));
  const { specs, weights } = partnerSpecs(options.partners ?? (large ? 20 : DEMO_PARTNERS.length));
  const batchSize = positiveInteger('batchSize', options.batchSize ?? 10_000);
  const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;

  const db = createDb(url, { max: 2 });
  let catalog: Catalog;
  let passwordHash: string;
  try {
    if (!(await isDatabaseEmpty(db))) throw new SeedError('DATABASE_NOT_EMPTY', 'The database already has partners; reset it first');
    passwordHash = await hashPassword(DEMO_PASSWORD);
    catalog = await seedCatalog(db);
  } finally {
    await db.$disconnect();
  }

  const random = new Random(seed);
  const streams = {
    accounts: random.fork(1),
    customers: random.fork(2),
    leases: random.fork(3),
    activations: random.fork(4),
    keys: random.fork(5),
    payments: random.fork(6),
  };
  const timeline = timelineEndingAt(nowMs);
  const months = lastCompleteMonths(nowMs, monthCount);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const partnerAge = specs.map(() => streams.accounts.int(200, 1000));
    const accounts = await insertAccounts(
      client,
      specs,
      passwordHash,
      (index) => timeline.startMs - (index < 0 ? 1500 : partnerAge[index]!) * DAY_MS,
      now.getUTCFullYear() + 3,
    );
    const partnerIds = accounts.partners.map((partner) => partner.id);
    log(`Catalog, admin and ${specs.length} partners with their logins (${elapsed()})`);
    options.signal?.throwIfAborted();
    const deferred = (options.deferIndexes ?? large) ? await deferIndexesAndForeignKeys(client, BULK_TABLES) : [];
    const spend = await pauseReportRollups(client);

    const customerCount = Math.max(specs.length, Math.round(scale * CUSTOMERS_PER_LEASE));
    const customers = await insertCustomers(client, {
      random: streams.customers,
      seed,
      count: customerCount,
      firstId: await nextId(client, 'Customer'),
      partnerIds,
      partnerWeights: weights,
      timeline,
      batchSize,
    });
    log(`${customerCount} customers (${elapsed()})`);
    options.signal?.throwIfAborted();

    const invoices = new InvoiceBook(accounts.partners, months, await nextId(client, 'Invoice'), nowMs);
    await invoices.insertInvoices(client);
    options.signal?.throwIfAborted();
    const writer = new LeaseWriter({
      seed,
      catalog,
      leaseCatalog: new LeaseCatalog(catalog),
      partners: accounts.partners,
      expectedLeases: weights.map((weight) => weight * scale),
      customers,
      months,
      invoices,
      nowMs,
      makeLicenseKey: options.makeLicenseKey ?? simpleLicenseKey,
      random: { leases: streams.leases, activations: streams.activations, keys: streams.keys },
    });
    const firstLeaseId = await nextId(client, 'Lease');
    const progressEvery = Math.max(batchSize, Math.ceil(scale / 10 / batchSize) * batchSize);
    let inFlight: Promise<unknown> = Promise.resolve();
    let index = 0;
    for (const fraction of ascendingUniforms(streams.leases, scale)) {
      const startMs = Math.floor(leaseStartMs(timeline, fraction) / MINUTE_MS) * MINUTE_MS;
      writer.add(firstLeaseId + index, streams.leases.weighted(weights), startMs);
      index++;
      if (index % batchSize === 0 || index === scale) {
        await inFlight;
        options.signal?.throwIfAborted();
        inFlight = writer.flush(client);
        inFlight.catch(() => {});
        if (index % progressEvery === 0 && index < scale) log(`${index} / ${scale} leases (${elapsed()})`);
      }
    }
    await inFlight;
    log(`${scale} leases with history, activations and ${writer.lines.inserted} invoice lines (${elapsed()})`);
    options.signal?.throwIfAborted();

    await invoices.finish(client, streams.payments);
    options.signal?.throwIfAborted();
    if (deferred.length) {
      await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
      await restoreDeferred(client, deferred);
      log(`Rebuilt ${deferred.length} indexes and foreign keys (${elapsed()})`);
    }
    await spend.finish();
    log(`Customer spend and report rollups computed (${elapsed()})`);
    for (const table of ['Customer', 'Lease', 'Invoice']) await syncSequence(client, table);
    options.signal?.throwIfAborted();
    await client.query('COMMIT');
    log(`Committed (${elapsed()})`);
    return summary(accounts.counts, {
      seed,
      scale,
      now,
      partners: specs.length,
      customers: customerCount,
      leases: writer.leases.inserted,
      leaseAddOns: writer.addOns.inserted,
      leaseHistory: writer.history.inserted,
      activations: writer.activations.inserted,
      invoices: invoices.count,
      invoiceLines: writer.lines.inserted,
      paymentAttempts: invoices.paymentAttempts,
      durationMs: Math.round(performance.now() - startedAt),
    });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

function summary(
  accounts: AccountCounts,
  rest: Omit<SeedSummary, 'users' | 'contacts' | 'subscriptions' | 'paymentMethods' | 'adminExisted'>,
): SeedSummary {
  const { users, contacts, subscriptions, paymentMethods, adminExisted } = accounts;
  return { ...rest, users, contacts, subscriptions, paymentMethods, adminExisted };
}
