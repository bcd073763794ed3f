import { billPeriod } from './proration.rules.ts';
import { type ComponentKind, type LeaseComponent, type LeaseHistoryInput, leaseComponents } from './lease-components.rules.ts';
import type { PriceBook } from './price-book.rules.ts';

/** An invoice line before it is stored: the engine's line plus the lease, kind and names. */
export interface DraftLine {
  leaseId: number;
  kind: ComponentKind;
  customerEmail: string;
  description: string;
  sku: string;
  priceCents: number;
  days: number;
  divisor: number;
  /** YYYY-MM-DD */
  fromDate: string;
  /** YYYY-MM-DD, inclusive */
  toDate: string;
  amountCents: number;
}

export interface DraftInvoice {
  period: string;
  lines: DraftLine[];
  totalCents: number;
}

/** One partner's month through the one engine: lines in lease order, product before add-ons. */
export function draftInvoice(period: string, leases: readonly LeaseHistoryInput[], book: PriceBook): DraftInvoice {
  const components = leases.flatMap((lease) => leaseComponents(lease, book));
  const byItemId = new Map<string, LeaseComponent>(components.map((component) => [component.id, component]));
  const result = billPeriod(period, components);
  const lines = result.lines.map((line): DraftLine => {
    const component = byItemId.get(line.itemId)!;
    return {
      leaseId: component.leaseId,
      kind: component.kind,
      customerEmail: component.customerEmail,
      description: book.namesBySku.get(line.sku) ?? line.sku,
      sku: line.sku,
      priceCents: line.priceCents,
      days: line.days,
      divisor: line.divisor,
      fromDate: line.fromDate,
      toDate: line.toDate,
      amountCents: line.amountCents,
    };
  });
  return { period: result.period, lines, totalCents: result.totalCents };
}
