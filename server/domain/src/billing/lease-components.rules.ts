import type { BillingItem, BillingSegment } from './billing.types.ts';
import { clipToParent } from './clip-to-parent.rules.ts';
import { type PriceBook, type PricedPiece, splitByPrice } from './price-book.rules.ts';

/** One LeaseHistory row, as billing reads it. */
export interface HistoryStep {
  version: number;
  action: 'STARTED' | 'MODIFIED' | 'STOPPED';
  effectiveAt: Date;
  toProductId: number | null;
  toAddOnIds: readonly number[];
}

export interface LeaseHistoryInput {
  leaseId: number;
  customerEmail: string;
  /** In version order. */
  steps: readonly HistoryStep[];
}

export type ComponentKind = 'PRODUCT' | 'ADD_ON';

/** A billed component of a lease (its product, or one add-on) with what an invoice line needs to name it. */
export interface LeaseComponent extends BillingItem {
  leaseId: number;
  kind: ComponentKind;
  customerEmail: string;
}

interface Config {
  fromMs: number;
  toMs: number | null;
  productId: number;
  addOnIds: readonly number[];
}

/** Item id of a lease's product component: the lease id. */
export function productItemId(leaseId: number): string {
  return String(leaseId);
}

/** Item id of an add-on component: `<lease id>/<add-on id>`. */
export function addOnItemId(leaseId: number, addOnId: number): string {
  return `${leaseId}/${addOnId}`;
}

/**
 * A lease's billing components from its history and the dated catalog prices: the product component,
 * then one per add-on (by add-on id). A segment is one configuration at one price; a price change while a
 * configuration is in force starts a new segment. An add-on is priced for the tier rank of the lease's
 * product that day, and clipped to the lease's own time. Feeds invoices, the preview and simulations alike.
 */
export function leaseComponents(lease: LeaseHistoryInput, book: PriceBook): LeaseComponent[] {
  const configs = configsOf(lease.steps);
  if (configs.length === 0) return [];
  const base = { leaseId: lease.leaseId, customerEmail: lease.customerEmail };

  const productSegments = mergeTouching(
    configs.flatMap((config) => {
      const product = book.products.get(config.productId);
      if (!product) throw new Error(`lease ${lease.leaseId}: unknown product ${config.productId}`);
      const what = `product ${product.sku} (lease ${lease.leaseId})`;
      return splitByPrice(config.fromMs, config.toMs, product.prices, what).map((piece) => segment(piece, product.sku));
    }),
  );
  const components: LeaseComponent[] = [
    { ...base, id: productItemId(lease.leaseId), kind: 'PRODUCT', segments: productSegments },
  ];

  const addOnIds = [...new Set(configs.flatMap((config) => config.addOnIds))].sort((a, b) => a - b);
  for (const addOnId of addOnIds) {
    const addOn = book.addOns.get(addOnId);
    if (!addOn) throw new Error(`lease ${lease.leaseId}: unknown add-on ${addOnId}`);
    const own = configs.flatMap((config) => {
      if (!config.addOnIds.includes(addOnId)) return [];
      const tierRank = book.products.get(config.productId)!.tierRank;
      const what = `add-on ${addOn.sku} at tier rank ${tierRank} (lease ${lease.leaseId})`;
      const prices = addOn.pricesByRank.get(tierRank) ?? [];
      return splitByPrice(config.fromMs, config.toMs, prices, what).map((piece) => segment(piece, addOn.sku));
    });
    const segments = clipToParent(mergeTouching(own), productSegments);
    components.push({ ...base, id: addOnItemId(lease.leaseId, addOnId), kind: 'ADD_ON', segments });
  }
  return components;
}

/** Each STARTED/MODIFIED step is a configuration in force until the next step (a STOPPED one ends it). */
function configsOf(steps: readonly HistoryStep[]): Config[] {
  const configs: Config[] = [];
  steps.forEach((step, index) => {
    if (step.action === 'STOPPED' || step.toProductId === null) return;
    const next = steps[index + 1];
    const fromMs = step.effectiveAt.getTime();
    const toMs = next ? next.effectiveAt.getTime() : null;
    if (toMs !== null && toMs <= fromMs) return;
    configs.push({ fromMs, toMs, productId: step.toProductId, addOnIds: step.toAddOnIds });
  });
  return configs;
}

function segment(piece: PricedPiece, sku: string): BillingSegment {
  return {
    from: new Date(piece.fromMs),
    to: piece.toMs === null ? null : new Date(piece.toMs),
    sku,
    priceCents: piece.priceCents,
  };
}

/** Joins segments that touch and bill alike (e.g. the product across an add-on change). Input is in time order. */
function mergeTouching(segments: readonly BillingSegment[]): BillingSegment[] {
  const merged: BillingSegment[] = [];
  for (const current of segments) {
    const last = merged.at(-1);
    const touches = last && last.to !== null && (last.to as Date).getTime() === (current.from as Date).getTime();
    if (last && touches && last.sku === current.sku && last.priceCents === current.priceCents) {
      last.to = current.to;
    } else {
      merged.push({ ...current });
    }
  }
  return merged;
}
