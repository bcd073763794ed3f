import { describe, expect, it } from 'vitest';
import { cappedCount } from './capped-count.rules.ts';

describe('cappedCount', () => {
  it.each([
    [0, 3, false, { totalCount: 0, totalCountIsExact: true }],
    [3, 3, false, { totalCount: 3, totalCountIsExact: true }],
    [4, 3, false, { totalCount: 3, totalCountIsExact: false }],
    [40, 3, true, { totalCount: 40, totalCountIsExact: true }],
  ])('counts %i found with a cap of %i (exact asked: %s)', (found, cap, exact, expected) => {
    expect(cappedCount(found, cap, exact)).toEqual(expected);
  });
});
