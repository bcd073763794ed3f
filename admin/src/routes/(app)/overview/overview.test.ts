import { describe, expect, it } from 'vitest';
import { overviewRanges } from './overview.ts';

describe('overviewRanges', () => {
  it('ends every range now and starts the year eleven whole months before this one', () => {
    const ranges = overviewRanges(new Date('2026-03-14T10:00:00.000Z'));
    expect(ranges.year).toEqual({ from: '2025-04-01T00:00:00.000Z', to: '2026-03-14T10:00:00.000Z', granularity: 'MONTH' });
    expect(ranges.month.from).toBe('2026-03-01T00:00:00.000Z');
    expect(ranges.from).toBe('2024-04-01T00:00:00.000Z');
  });
});
