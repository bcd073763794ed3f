import type { BillingItem, BillingPreview } from './billing.types.ts';
import { parsePeriod, periodContaining } from './calendar.rules.ts';
import { clipToParent } from './clip-to-parent.rules.ts';
import { parseInstant, type InstantInput } from './instant.rules.ts';
import { billPeriod } from './proration.rules.ts';

/**
 * Month-to-date and projected month-end bill for the UTC month containing `now`.
 * Month-to-date bills every segment cut off at `now` (today counts once the component was active today);
 * projected bills the segments as given, open segments running to the end of the month.
 */
export function previewPeriod(items: readonly BillingItem[], now: InstantInput): BillingPreview {
  const nowMs = parseInstant(now, 'now');
  const period = periodContaining(nowMs);
  const projected = billPeriod(period, items);
  const elapsed = [{ from: new Date(parsePeriod(period).startMs), to: new Date(nowMs) }];
  const elapsedItems = items.map((item) => ({ id: item.id, segments: clipToParent(item.segments, elapsed) }));
  return { period, monthToDate: billPeriod(period, elapsedItems), projected };
}
