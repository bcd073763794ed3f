import type { InstantInput } from './instant.rules.ts';

export type { InstantInput };

/** A span of time: `from` inclusive, `to` exclusive, `to: null` = still active. */
export interface TimeSpan {
  from: InstantInput;
  to: InstantInput | null;
}

/** One configuration of a component: the SKU and monthly price in force during the span. Extra fields pass through. */
export interface BillingSegment extends TimeSpan {
  sku: string;
  /** Monthly price in integer cents. */
  priceCents: number;
}

/** A billed component: a lease's product or one add-on. Its segments must not overlap. */
export interface BillingItem<S extends BillingSegment = BillingSegment> {
  id: string;
  segments: readonly S[];
}

/** The days of one component billed at one (SKU, monthly price). */
export interface BillingLine {
  itemId: string;
  sku: string;
  priceCents: number;
  days: number;
  divisor: number;
  /** First billed day of the group, YYYY-MM-DD. */
  fromDate: string;
  /** Last billed day of the group (inclusive), YYYY-MM-DD. */
  toDate: string;
  amountCents: number;
}

export interface BillingResult {
  period: string;
  lines: BillingLine[];
  totalCents: number;
}

export interface BillingPreview {
  period: string;
  /** What the month would cost if every component stopped at `now`. */
  monthToDate: BillingResult;
  /** What the month will cost if the components run as given (open segments until month end). */
  projected: BillingResult;
}
