import { describe, expect, it } from 'vitest';
import { progressChunkSize, PROGRESS_STEPS, SMALLEST_PROGRESS_CHUNK } from './export-progress.rules.ts';

describe('progressChunkSize', () => {
  it.each([
    [0, SMALLEST_PROGRESS_CHUNK],
    [500, SMALLEST_PROGRESS_CHUNK],
    [1_924, 100],
    [2_001, 101],
    [10_000, 500],
    [40_000, 2_000],
    [1_000_000, 2_000],
  ])('cuts an export of %i customers into chunks of %i', (total, size) => {
    expect(progressChunkSize(total, 2_000)).toBe(size);
  });

  it(`reports progress at least ${PROGRESS_STEPS} times once an export has more than ${PROGRESS_STEPS * SMALLEST_PROGRESS_CHUNK} customers, up to the largest chunk`, () => {
    for (const total of [2_001, 7_777, 39_999, 40_000]) expect(Math.ceil(total / progressChunkSize(total, 2_000))).toBeGreaterThanOrEqual(PROGRESS_STEPS);
  });

  it('never exceeds the largest chunk, even when it is smaller than the smallest progress chunk', () => {
    expect(progressChunkSize(5_000, 50)).toBe(50);
  });
});
