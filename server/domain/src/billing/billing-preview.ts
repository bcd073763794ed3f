import type { Db } from '@leaseboard/db';
import { parsePeriod, periodContaining } from './calendar.rules.ts';
import { leaseComponents } from './lease-components.rules.ts';
import { loadLeaseHistory } from './load-lease-history.ts';
import { loadPriceBook } from './load-price-book.ts';
import { previewPeriod } from './preview-period.rules.ts';

export interface LeasePreview {
  leaseId: number;
  customerEmail: string;
  monthToDateCents: number;
  projectedCents: number;
}

export interface PartnerPreview {
  /** YYYY-MM: the month containing `asOf`. */
  period: string;
  asOf: Date;
  monthToDateCents: number;
  projectedCents: number;
  /** Leases active at some moment of the month, in id order. */
  leases: LeasePreview[];
}

/**
 * The current month before its invoice exists, through the same engine and the same history → components
 * step as the invoice: what it costs so far, and what it will cost at month end as things stand.
 */
export async function billingPreview(db: Db, partnerId: number, now: Date): Promise<PartnerPreview> {
  const month = parsePeriod(periodContaining(now.getTime()));
  const [history, book] = await Promise.all([loadLeaseHistory(db, [partnerId], month), loadPriceBook(db)]);
  const leases = history.get(partnerId) ?? [];
  const components = leases.flatMap((lease) => leaseComponents(lease, book));
  const leaseOf = new Map(components.map((component) => [component.id, component.leaseId]));
  const { monthToDate, projected } = previewPeriod(components, now);

  const byLease = new Map<number, LeasePreview>(
    leases.map((lease) => [lease.leaseId, { leaseId: lease.leaseId, customerEmail: lease.customerEmail, monthToDateCents: 0, projectedCents: 0 }]),
  );
  for (const line of monthToDate.lines) byLease.get(leaseOf.get(line.itemId)!)!.monthToDateCents += line.amountCents;
  for (const line of projected.lines) byLease.get(leaseOf.get(line.itemId)!)!.projectedCents += line.amountCents;
  return {
    period: month.period,
    asOf: now,
    monthToDateCents: monthToDate.totalCents,
    projectedCents: projected.totalCents,
    leases: [...byLease.values()],
  };
}
