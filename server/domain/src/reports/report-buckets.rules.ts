export const GRANULARITIES = ['DAY', 'WEEK', 'MONTH'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** A report over time is at most this many buckets, so one request cannot ask for 100 years by day. */
export const MAX_BUCKETS = 1000;

export interface ReportRange {
  from: Date;
  to: Date;
  granularity: Granularity;
}

export interface Bucket {
  /** Inclusive. */
  start: Date;
  /** Exclusive: the instant the bucket's "at end" figures are taken at. */
  end: Date;
}

const DAY_MS = 86_400_000;

/** Start of the UTC day, ISO week (Monday) or month containing `at`. */
export function bucketStart(at: Date, granularity: Granularity): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  if (granularity === 'DAY') return new Date(day);
  if (granularity === 'WEEK') return new Date(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

function nextBoundary(at: Date, granularity: Granularity): Date {
  if (granularity === 'DAY') return new Date(at.getTime() + DAY_MS);
  if (granularity === 'WEEK') return new Date(at.getTime() + 7 * DAY_MS);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/**
 * The calendar buckets (UTC) that cover [from, to): the first starts at the beginning of the day, week or
 * month containing `from`, the last is the one containing the instant just before `to`. Returns null when
 * the range is empty or longer than MAX_BUCKETS.
 */
export function bucketsOf(range: ReportRange): Bucket[] | null {
  if (!(range.from.getTime() < range.to.getTime())) return null;
  const buckets: Bucket[] = [];
  let start = bucketStart(range.from, range.granularity);
  while (start.getTime() < range.to.getTime()) {
    if (buckets.length === MAX_BUCKETS) return null;
    const end = nextBoundary(start, range.granularity);
    buckets.push({ start, end });
    start = end;
  }
  return buckets;
}

/** Why a range is refused, or null when it is fine. For the input's shape check. */
export function rangeProblem(range: ReportRange): string | null {
  if (!(range.from.getTime() < range.to.getTime())) return '`from` must be before `to`';
  if (!bucketsOf(range)) return `the range is more than ${MAX_BUCKETS} ${range.granularity.toLowerCase()}s long`;
  return null;
}

/** The boundaries b0 < b1 < … < bn of consecutive buckets: bucket k (1-based) is [b(k-1), bk). */
export function boundariesOf(buckets: readonly Bucket[]): Date[] {
  return buckets.length ? [buckets[0]!.start, ...buckets.map((b) => b.end)] : [];
}
