import type { BillingItem, BillingLine, BillingResult } from './billing.types.ts';
import { DAY_MS, formatDay, parsePeriod, type BillingMonth } from './calendar.rules.ts';
import { toComponents, type Component, type PricedSpan } from './segments.rules.ts';

/** The 28-day cycle: a component is never charged more than one monthly price per month. */
export const MIN_DIVISOR_DAYS = 28;

/** price × days / divisor, rounded half-up, in integers. */
export function prorateCents(priceCents: number, days: number, divisor: number): number {
  return Math.floor((2 * priceCents * days + divisor) / (2 * divisor));
}

/**
 * Bills every item for the UTC month `period` (YYYY-MM).
 * Throws BillingInputError for a bad period or bad items (checked in input order).
 */
export function billPeriod(period: string, items: readonly BillingItem[]): BillingResult {
  const month = parsePeriod(period);
  const lines = toComponents(items).flatMap((component) => billComponent(month, component));
  const totalCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
  return { period: month.period, lines, totalCents };
}

interface DayGroup {
  sku: string;
  priceCents: number;
  days: number;
  firstDay: number;
  lastDay: number;
}

function billComponent(month: BillingMonth, component: Component): BillingLine[] {
  const groups = new Map<string, DayGroup>();
  // The group of each span, so the (SKU, price) key is built once per span rather than once per day.
  const groupOfSpan = new Map<PricedSpan, DayGroup>();
  let activeDays = 0;
  for (let day = 0; day < month.days; day++) {
    const dayStartMs = month.startMs + day * DAY_MS;
    const rate = rateInForce(component.spans, dayStartMs, dayStartMs + DAY_MS);
    if (!rate) continue;
    activeDays++;
    let group = groupOfSpan.get(rate);
    if (!group) {
      const key = JSON.stringify([rate.sku, rate.priceCents]);
      group = groups.get(key);
      if (!group) {
        group = { sku: rate.sku, priceCents: rate.priceCents, days: 0, firstDay: day, lastDay: day };
        groups.set(key, group);
      }
      groupOfSpan.set(rate, group);
    }
    group.days++;
    group.lastDay = day;
  }
  const divisor = Math.max(MIN_DIVISOR_DAYS, activeDays);
  return [...groups.values()].map((group) => ({
    itemId: component.id,
    sku: group.sku,
    priceCents: group.priceCents,
    days: group.days,
    divisor,
    fromDate: formatDay(month, group.firstDay),
    toDate: formatDay(month, group.lastDay),
    amountCents: prorateCents(group.priceCents, group.days, divisor),
  }));
}

/**
 * The configuration charged for the day [dayStartMs, dayEndMs): the highest monthly price among the spans
 * touching the day; between equal prices, the one that started last. Undefined if none touches it.
 */
function rateInForce(spans: readonly PricedSpan[], dayStartMs: number, dayEndMs: number): PricedSpan | undefined {
  let best: PricedSpan | undefined;
  for (const span of spans) {
    const touchesDay = span.fromMs < dayEndMs && (span.toMs === null || span.toMs > dayStartMs);
    if (touchesDay && (!best || span.priceCents >= best.priceCents)) best = span;
  }
  return best;
}
