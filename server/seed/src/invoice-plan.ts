import type { BillingItem, BillingLine, BillingSegment } from '@leaseboard/domain/billing/billing.types';
import { billPeriod } from '@leaseboard/domain/billing/proration.rules';
import type { LeasePlan } from './lease-plan.ts';

export interface InvoiceMonth {
  /** YYYY-MM */
  period: string;
  year: number;
  startMs: number;
  /** Exclusive: 00:00Z on the 1st of the next month. */
  endMs: number;
}

/** The `count` complete UTC months before the month of `nowMs`, oldest first. */
export function lastCompleteMonths(nowMs: number, count: number): InvoiceMonth[] {
  const now = new Date(nowMs);
  return Array.from({ length: count }, (_, index) => {
    const offset = count - index;
    const startMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - offset, 1);
    const start = new Date(startMs);
    const year = start.getUTCFullYear();
    return {
      period: `${year}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`,
      year,
      startMs,
      endMs: Date.UTC(year, start.getUTCMonth() + 1, 1),
    };
  });
}

export function invoiceNumber(year: number, sequence: number): string {
  return `INV-${year}-${String(sequence).padStart(6, '0')}`;
}

/** What the seed knows of a billed component, to turn engine lines back into InvoiceLine rows. */
export interface BilledComponent {
  leaseId: number;
  /** The add-on's id, or null for the lease's product. */
  addOnId: number | null;
}

/**
 * A lease's components as the billing engine takes them: its product (one segment per configuration)
 * and each add-on (one segment per configuration that had it, priced for the tier rank then in force).
 * Add-on segments never outlast the lease, since a stop ends every segment.
 */
export function billingItems(leaseId: number, plan: LeasePlan): BillingItem[] {
  const configs = plan.changes.flatMap((change) => (change.to ? [{ effectiveMs: change.effectiveMs, to: change.to }] : []));
  const product: BillingSegment[] = [];
  const addOns = new Map<number, BillingSegment[]>();
  configs.forEach((change, index) => {
    const fromMs = change.effectiveMs;
    const toMs = configs[index + 1]?.effectiveMs ?? plan.stoppedMs;
    const from = new Date(fromMs);
    const to = toMs === null ? null : new Date(toMs);
    product.push({ from, to, sku: change.to.product.sku, priceCents: change.to.product.priceCents });
    for (const addOn of change.to.addOns) {
      const segments = addOns.get(addOn.id) ?? [];
      segments.push({ from, to, sku: addOn.sku, priceCents: addOn.pricesByRank[change.to.product.tierRank]! });
      addOns.set(addOn.id, segments);
    }
  });
  return [
    { id: componentId({ leaseId, addOnId: null }), segments: product },
    ...[...addOns].map(([addOnId, segments]) => ({ id: componentId({ leaseId, addOnId }), segments })),
  ];
}

function componentId(component: BilledComponent): string {
  return component.addOnId === null ? `${component.leaseId}` : `${component.leaseId}:${component.addOnId}`;
}

export function parseComponentId(id: string): BilledComponent {
  const [leaseId, addOnId] = id.split(':');
  return { leaseId: Number(leaseId), addOnId: addOnId === undefined ? null : Number(addOnId) };
}

export function overlapsMonth(plan: LeasePlan, month: InvoiceMonth): boolean {
  return plan.startedMs < month.endMs && (plan.stoppedMs === null || plan.stoppedMs > month.startMs);
}

/**
 * Prices components for one month with the billing engine. A component whose one configuration covers
 * the whole month is billed the same whatever its id or start, so the engine's answer for its (SKU, price)
 * is kept and reused: at a million leases most components are such, and the engine walks every day.
 * Everything else goes to the engine in batches.
 */
export class MonthBiller {
  readonly month: InvoiceMonth;
  readonly #wholeMonth = new Map<string, BillingLine[]>();
  #pending: BillingItem[] = [];

  constructor(month: InvoiceMonth) {
    this.month = month;
  }

  /** Lines now if the engine has already priced this case, otherwise null and the item waits for `drain`. */
  add(item: BillingItem): BillingLine[] | null {
    const { startMs, endMs } = this.month;
    const touching = item.segments.filter((s) => msOf(s.from) < endMs && (s.to === null || msOf(s.to) > startMs));
    if (touching.length === 0) return [];
    const only = touching[0]!;
    if (touching.length > 1 || msOf(only.from) > startMs || (only.to !== null && msOf(only.to) < endMs)) {
      this.#pending.push(item);
      return null;
    }
    const key = `${only.sku}\u0000${only.priceCents}`;
    let lines = this.#wholeMonth.get(key);
    if (!lines) {
      const segment = { from: new Date(startMs), to: null, sku: only.sku, priceCents: only.priceCents };
      lines = billPeriod(this.month.period, [{ id: 'whole-month', segments: [segment] }]).lines;
      this.#wholeMonth.set(key, lines);
    }
    return lines.map((line) => ({ ...line, itemId: item.id }));
  }

  /** Prices the waiting items in one engine call. */
  drain(): BillingLine[] {
    const items = this.#pending;
    this.#pending = [];
    return items.length ? billPeriod(this.month.period, items).lines : [];
  }
}

function msOf(instant: Date | string): number {
  return instant instanceof Date ? instant.getTime() : Date.parse(instant);
}
