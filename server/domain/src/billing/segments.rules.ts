import { BillingInputError } from './billing-input-error.ts';
import type { BillingItem, BillingSegment, TimeSpan } from './billing.types.ts';
import { parseInstant } from './instant.rules.ts';

/** A span in epoch milliseconds; `toMs: null` = open-ended. */
export interface MsSpan {
  fromMs: number;
  toMs: number | null;
}

export interface PricedSpan extends MsSpan {
  sku: string;
  priceCents: number;
}

export interface Component {
  id: string;
  /** Non-empty spans, ordered by start; zero-length segments are dropped. */
  spans: PricedSpan[];
}

/** Keeps line amounts and invoice totals within the 32-bit integer columns that store them. */
export const MAX_PRICE_CENTS = 2_147_483_647;

export function toMsSpan(span: TimeSpan, path: string): MsSpan {
  const fromMs = parseInstant(span.from, `${path}.from`);
  const toMs = span.to === null ? null : parseInstant(span.to, `${path}.to`);
  if (toMs !== null && toMs < fromMs) {
    throw new BillingInputError('SEGMENT_ENDS_BEFORE_START', `${path}.to`, `${path}.to is before ${path}.from`);
  }
  return { fromMs, toMs };
}

export function isEmptySpan(span: MsSpan): boolean {
  return span.toMs === span.fromMs;
}

/** Validates items in input order and returns them as components, or throws the first BillingInputError. */
export function toComponents(items: readonly BillingItem[]): Component[] {
  const seenIds = new Set<string>();
  return items.map((item, index) => {
    const path = `items[${index}]`;
    if (typeof item.id !== 'string' || item.id.length === 0) {
      throw new BillingInputError('INVALID_ITEM_ID', `${path}.id`, `${path}.id must be a non-empty string`);
    }
    if (seenIds.has(item.id)) {
      throw new BillingInputError('DUPLICATE_ITEM_ID', `${path}.id`, `${path}.id ${JSON.stringify(item.id)} is used twice`);
    }
    seenIds.add(item.id);
    return { id: item.id, spans: toPricedSpans(item.segments, `${path}.segments`) };
  });
}

function toPricedSpans(segments: readonly BillingSegment[], path: string): PricedSpan[] {
  const indexed = segments.map((segment, index) => ({ index, span: toPricedSpan(segment, `${path}[${index}]`) }));
  const nonEmpty = indexed.filter(({ span }) => !isEmptySpan(span));
  nonEmpty.sort((a, b) => a.span.fromMs - b.span.fromMs || a.index - b.index);
  nonEmpty.forEach((current, position) => {
    const previous = nonEmpty[position - 1];
    if (previous && (previous.span.toMs === null || previous.span.toMs > current.span.fromMs)) {
      throw new BillingInputError(
        'OVERLAPPING_SEGMENTS',
        `${path}[${current.index}]`,
        `${path}[${current.index}] overlaps ${path}[${previous.index}]`,
      );
    }
  });
  return nonEmpty.map(({ span }) => span);
}

function toPricedSpan(segment: BillingSegment, path: string): PricedSpan {
  const span = toMsSpan(segment, path);
  if (typeof segment.sku !== 'string' || segment.sku.length === 0) {
    throw new BillingInputError('INVALID_SKU', `${path}.sku`, `${path}.sku must be a non-empty string`);
  }
  const price = segment.priceCents;
  if (!Number.isInteger(price) || price < 0 || price > MAX_PRICE_CENTS) {
    throw new BillingInputError(
      'INVALID_PRICE',
      `${path}.priceCents`,
      `${path}.priceCents must be an integer from 0 to ${MAX_PRICE_CENTS}, got ${String(price)}`,
    );
  }
  return { ...span, sku: segment.sku, priceCents: price };
}
