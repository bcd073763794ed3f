// How money, counts and instants are shown, everywhere in the admin: components call these, never
// toLocaleString, toFixed or Intl themselves. Money arrives as integer cents, instants as UTC ISO strings.

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const usdWhole = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A count with thousands separators: "1,443". */
export function count(n: number): string {
  return integer.format(n);
}

/** A duration in seconds with one decimal: "1.2 s", "1,234.5 s". */
export function seconds(ms: number): string {
  return `${oneDecimal.format(ms / 1000)} s`;
}

/** Whole dollars, for chart axes and headline figures: "$9,716". */
export function moneyWhole(cents: number): string {
  return usdWhole.format(Math.round(cents / 100));
}

export function money(cents: number): string {
  return usd.format(cents / 100);
}

/** A signed difference, e.g. "+$14.00" or "−$6.00". */
export function moneyDelta(cents: number): string {
  if (cents === 0) return money(0);
  return `${cents > 0 ? '+' : '−'}${money(Math.abs(cents))}`;
}

const day = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const instant = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

export function date(iso: string | null | undefined): string {
  return iso ? day.format(new Date(iso)) : '—';
}

export function dateTime(iso: string | null | undefined): string {
  return iso ? instant.format(new Date(iso)) : '—';
}

const monthFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', timeZone: 'UTC' });
const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A day without its year, for spans inside one invoice month: "Mar 10". */
export function shortDate(iso: string): string {
  return dayFormat.format(new Date(iso));
}

/** A span of days: "Mar 1–Mar 10", or one day when both ends are the same. */
export function dateSpan(fromIso: string, toIso: string): string {
  return fromIso === toIso ? shortDate(fromIso) : `${shortDate(fromIso)}–${shortDate(toIso)}`;
}

/** A report bucket's label: "Jan 2025" for months, "Jan 6" for weeks and days. */
export function bucket(iso: string, granularity: 'DAY' | 'WEEK' | 'MONTH'): string {
  return granularity === 'MONTH' ? monthFormat.format(new Date(iso)) : dayFormat.format(new Date(iso));
}

/** "2025-03" → "Mar 2025". */
export function period(yyyyMm: string): string {
  return monthFormat.format(new Date(`${yyyyMm}-01T00:00:00Z`));
}

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };

/** A card as people name it: "Visa •••• 4242". */
export function card(brand: string, last4: string): string {
  return `${BRANDS[brand.toLowerCase()] ?? brand} •••• ${last4}`;
}

const DAY_MS = 86_400_000;

/** How long ago an instant was, in whole days: "today", "yesterday", "102 days ago". */
export function daysAgo(iso: string, now = new Date()): string {
  const days = Math.floor((now.getTime() - new Date(iso).getTime()) / DAY_MS);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${count(days)} days ago`;
}
