/** How many times, at least, an export reports its progress (rows done of the total) while it runs. */
export const PROGRESS_STEPS = 20;
/** Below this a chunk costs more in statements than it gains in progress reports. */
export const SMALLEST_PROGRESS_CHUNK = 100;

/**
 * Customers per chunk for an export of `totalRows`: small enough that progress moves about PROGRESS_STEPS
 * times (a 1,900-customer export in one 2,000-customer chunk went from 0 to done in one step), never more
 * than `largest` (the chunk that keeps the database busy for a few milliseconds).
 */
export function progressChunkSize(totalRows: number, largest: number): number {
  return Math.max(1, Math.min(largest, Math.max(SMALLEST_PROGRESS_CHUNK, Math.ceil(totalRows / PROGRESS_STEPS))));
}
