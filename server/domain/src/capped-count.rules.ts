/**
 * A list's count, exact up to `cap` and beyond it the cap with `totalCountIsExact` false, as GitHub's search
 * counts. `found` is what the count visited: at most cap + 1 unless `exact`, when every match was counted.
 */
export function cappedCount(found: number, cap: number, exact: boolean): { totalCount: number; totalCountIsExact: boolean } {
  return exact || found <= cap ? { totalCount: found, totalCountIsExact: true } : { totalCount: cap, totalCountIsExact: false };
}
