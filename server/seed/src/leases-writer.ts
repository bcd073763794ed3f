import type pg from 'pg';
import { InvoiceLineKind, LeaseStatus } from '@leaseboard/db';
import type { SeededPartner } from './accounts-writer.ts';
import { planActivations } from './activation-plan.ts';
import { BulkInsert, intArrayLiteral, iso, sendInOrder } from './bulk-insert.ts';
import type { Catalog, ProductTypeCode } from '@leaseboard/db/catalog';
import type { CustomerBook } from './customers-writer.ts';
import type { BillingLine } from '@leaseboard/domain/billing/billing.types';
import { billingItems, MonthBiller, overlapsMonth, parseComponentId, type InvoiceMonth } from './invoice-plan.ts';
import type { InvoiceBook } from './invoices-writer.ts';
import { planLease, type LeaseCatalog, type LeaseConfig } from './lease-plan.ts';
import type { MakeLicenseKey } from './license-keys.ts';
import { customerProfile } from './people.ts';
import type { Random } from './random.ts';

const HOST_PREFIX: Record<ProductTypeCode, string> = { SMARTERMAIL: 'mail', SMARTERTRACK: 'helpdesk', SMARTERSTATS: 'stats' };
/** Leases per partner server, to size each partner's pool of server names. */
const LEASES_PER_SERVER = 25;

export interface LeaseWriterOptions {
  seed: number;
  catalog: Catalog;
  leaseCatalog: LeaseCatalog;
  partners: readonly SeededPartner[];
  /** Expected leases per partner, to size server pools. */
  expectedLeases: readonly number[];
  customers: CustomerBook;
  months: readonly InvoiceMonth[];
  invoices: InvoiceBook;
  nowMs: number;
  makeLicenseKey: MakeLicenseKey;
  random: { leases: Random; activations: Random; keys: Random };
}

interface ChunkLease {
  id: number;
  partner: number;
  customerEmail: string;
}

/**
 * Turns lease plans into rows: Lease, LeaseAddOn, LeaseHistory, Activation, and the InvoiceLines of the
 * billed months, priced by the billing engine. Rows are collected per batch and sent with `flush`.
 */
export class LeaseWriter {
  readonly #options: LeaseWriterOptions;
  readonly #keyRand: () => number;
  readonly #externalRefs: number[];
  readonly #names = new Map<string, string>();
  readonly #poolSizes: number[];
  #chunk: ChunkLease[] = [];
  readonly #billers: MonthBiller[];

  readonly leases = new BulkInsert('Lease', [
    { name: 'id', type: 'int4' },
    { name: 'partnerId', type: 'int4' },
    { name: 'customerId', type: 'int4' },
    { name: 'productId', type: 'int4' },
    { name: 'licenseKey', type: 'text' },
    { name: 'status', type: '"LeaseStatus"' },
    { name: 'startedAt', type: 'timestamptz' },
    { name: 'stoppedAt', type: 'timestamptz' },
    { name: 'externalRef', type: 'text' },
    { name: 'sendKeyTo', type: 'text' },
    { name: 'customerEmailNorm', type: 'text' },
    { name: 'serverName', type: 'text' },
    { name: 'serverNorm', type: 'text' },
    { name: 'lastSeenAt', type: 'timestamptz' },
    { name: 'addOnIds', type: 'text', cast: 'int4[]' },
    { name: 'version', type: 'int4' },
    { name: 'createdAt', type: 'timestamptz' },
    { name: 'updatedAt', type: 'timestamptz' },
  ]);
  readonly addOns = new BulkInsert('LeaseAddOn', [
    { name: 'leaseId', type: 'int4' },
    { name: 'addOnId', type: 'int4' },
    { name: 'addedAt', type: 'timestamptz' },
  ]);
  readonly history = new BulkInsert('LeaseHistory', [
    { name: 'leaseId', type: 'int4' },
    { name: 'partnerId', type: 'int4' },
    { name: 'version', type: 'int4' },
    { name: 'action', type: '"LeaseAction"' },
    { name: 'effectiveAt', type: 'timestamptz' },
    { name: 'fromProductId', type: 'int4' },
    { name: 'toProductId', type: 'int4' },
    { name: 'fromAddOnIds', type: 'text', cast: 'int4[]' },
    { name: 'toAddOnIds', type: 'text', cast: 'int4[]' },
    { name: 'actorUserId', type: 'int4' },
    { name: 'actorLabel', type: 'text' },
    { name: 'createdAt', type: 'timestamptz' },
  ]);
  readonly activations = new BulkInsert('Activation', [
    { name: 'leaseId', type: 'int4' },
    { name: 'serverName', type: 'text' },
    { name: 'ip', type: 'text' },
    { name: 'fingerprint', type: 'text' },
    { name: 'firstSeenAt', type: 'timestamptz' },
    { name: 'lastSeenAt', type: 'timestamptz' },
    { name: 'supersededAt', type: 'timestamptz' },
    { name: 'deactivatedAt', type: 'timestamptz' },
  ]);
  readonly lines = new BulkInsert('InvoiceLine', [
    { name: 'invoiceId', type: 'int4' },
    { name: 'leaseId', type: 'int4' },
    { name: 'kind', type: '"InvoiceLineKind"' },
    { name: 'customerEmail', type: 'text' },
    { name: 'description', type: 'text' },
    { name: 'sku', type: 'text' },
    { name: 'priceCents', type: 'int4' },
    { name: 'days', type: 'int4' },
    { name: 'divisor', type: 'int4' },
    { name: 'fromDate', type: 'date' },
    { name: 'toDate', type: 'date' },
    { name: 'amountCents', type: 'int4' },
  ]);

  constructor(options: LeaseWriterOptions) {
    this.#options = options;
    const keys = options.random.keys;
    this.#keyRand = () => keys.next();
    this.#externalRefs = options.partners.map(() => 0);
    this.#billers = options.months.map((month) => new MonthBiller(month));
    this.#poolSizes = options.expectedLeases.map((count) => Math.max(4, Math.ceil(count / LEASES_PER_SERVER / 3)));
    for (const product of options.catalog.products) this.#names.set(product.sku, product.name);
    for (const addOn of options.catalog.addOns) this.#names.set(addOn.sku, addOn.name);
  }

  add(id: number, partner: number, startedMs: number): void {
    const { customers, nowMs, leaseCatalog, partners, random } = this.#options;
    const seeded = partners[partner]!;
    const customer = customers.customerFor(random.leases, partner, startedMs);
    const profile = customerProfile(this.#options.seed, customer);
    const plan = planLease(random.leases, leaseCatalog, startedMs, nowMs, seeded.actors);
    const activations = planActivations(random.activations, plan, nowMs, {
      hostPrefix: HOST_PREFIX[plan.typeCode],
      partnerDomain: seeded.spec.serverDomain,
      partnerPoolSize: this.#poolSizes[partner]!,
      customerDomain: profile.domain,
    });
    const licenseKey = this.#options.makeLicenseKey(plan.config.product.prefix, this.#keyRand);
    const latest = activations.at(-1);
    const last = plan.changes.at(-1)!;
    const externalRef = random.leases.chance(0.6)
      ? `${seeded.spec.slug.slice(0, 2).toUpperCase()}-${String(++this.#externalRefs[partner]!).padStart(6, '0')}`
      : null;

    this.leases.push(
      id, seeded.id, customers.firstId + customer, plan.config.product.id, licenseKey,
      plan.stoppedMs === null ? LeaseStatus.ACTIVE : LeaseStatus.STOPPED, iso(startedMs), iso(plan.stoppedMs),
      externalRef, profile.email.toLowerCase(), profile.email.toLowerCase(), latest?.serverName ?? null, latest?.serverName.toLowerCase() ?? null,
      iso(latest?.lastSeenMs ?? null), sortedAddOnIds(plan.config), last.version, iso(startedMs), iso(last.effectiveMs),
    );
    for (const addOn of plan.config.addOns) this.addOns.push(id, addOn.id, iso(plan.addOnAddedMs.get(addOn.id)!));
    for (const change of plan.changes) {
      const at = iso(change.effectiveMs);
      this.history.push(
        id, seeded.id, change.version, change.action, at, change.from?.product.id ?? null, change.to?.product.id ?? null,
        addOnIds(change.from), addOnIds(change.to), change.actor.userId, change.actor.label, at,
      );
    }
    for (const a of activations) {
      this.activations.push(
        id, a.serverName, a.ip, a.fingerprint, iso(a.firstSeenMs), iso(a.lastSeenMs), iso(a.supersededMs), iso(a.deactivatedMs),
      );
    }

    const lease = { id, partner, customerEmail: profile.email };
    this.#chunk.push(lease);
    const items = billingItems(id, plan);
    this.#billers.forEach((biller, monthIndex) => {
      if (!overlapsMonth(plan, biller.month)) return;
      for (const item of items) {
        const lines = biller.add(item);
        if (lines) for (const line of lines) this.#pushLine(lease, monthIndex, line);
      }
    });
  }

  /**
   * Bills the batch's months and sends every table's rows in foreign-key order. The batch is taken at
   * once, so the next one can be generated while this one is written.
   */
  flush(client: pg.ClientBase): Promise<void> {
    this.#billBatch();
    const tables = [this.leases, this.addOns, this.history, this.activations, this.lines];
    return sendInOrder(client, tables.map((table) => table.take()));
  }

  #billBatch(): void {
    const firstId = this.#chunk[0]?.id ?? 0;
    this.#billers.forEach((biller, monthIndex) => {
      for (const line of biller.drain()) {
        this.#pushLine(this.#chunk[parseComponentId(line.itemId).leaseId - firstId]!, monthIndex, line);
      }
    });
    this.#chunk = [];
  }

  #pushLine(lease: ChunkLease, monthIndex: number, line: BillingLine): void {
    const { invoices } = this.#options;
    invoices.addAmount(lease.partner, monthIndex, line.amountCents);
    this.lines.push(
      invoices.invoiceId(lease.partner, monthIndex), lease.id,
      parseComponentId(line.itemId).addOnId === null ? InvoiceLineKind.PRODUCT : InvoiceLineKind.ADD_ON,
      lease.customerEmail, this.#names.get(line.sku) ?? line.sku, line.sku, line.priceCents, line.days,
      line.divisor, line.fromDate, line.toDate, line.amountCents,
    );
  }
}

/** Lease.addOnIds: the add-ons' ids in ascending order, as the report_rollups triggers keep them. */
function sortedAddOnIds(config: LeaseConfig): string {
  return intArrayLiteral(config.addOns.map((addOn) => addOn.id).sort((a, b) => a - b));
}

function addOnIds(config: LeaseConfig | null): string {
  return intArrayLiteral(config ? config.addOns.map((addOn) => addOn.id) : []);
}
