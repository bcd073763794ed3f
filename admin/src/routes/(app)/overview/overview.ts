/**
 * The overview's ranges, ending now: twelve months of active leases (for the sparkline), this month so far
 * (net change), and two years of invoices (anything still unpaid).
 */
export function overviewRanges(now = new Date()) {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const iso = (year: number, month: number) => new Date(Date.UTC(year, month, 1)).toISOString();
  const to = now.toISOString();
  return {
    year: { from: iso(y, m - 11), to, granularity: 'MONTH' as const },
    month: { from: iso(y, m), to, granularity: 'MONTH' as const },
    from: iso(y, m - 23),
    to,
  };
}
