export type Granularity = 'DAY' | 'WEEK' | 'MONTH';

/** "YYYY-MM" of the month `offset` months from now (UTC). */
export function monthOf(offset: number, now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 7);
}
