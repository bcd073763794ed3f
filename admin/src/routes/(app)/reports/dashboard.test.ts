import { describe, expect, it } from 'vitest';
import { instants } from './dashboard.svelte.ts';
import { monthOf } from './range.ts';

describe('instants', () => {
  it('covers whole months, the last one included', () => {
    expect(instants({ from: '2025-11', to: '2026-01', granularity: 'MONTH' }, new Date('2026-03-01T00:00:00Z'))).toEqual({
      from: '2025-11-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
  });

  describe('when the last month is in progress', () => {
    it('ends at now, so weeks that have not started are not asked for', () => {
      const now = new Date('2026-01-14T09:30:00.000Z');
      expect(instants({ from: '2025-11', to: '2026-01', granularity: 'WEEK' }, now)).toEqual({
        from: '2025-11-01T00:00:00.000Z',
        to: '2026-01-14T09:30:00.000Z',
      });
    });
  });
});

describe('monthOf', () => {
  it('counts months back and forward across years', () => {
    const now = new Date('2026-01-15T12:00:00Z');
    expect(monthOf(0, now)).toBe('2026-01');
    expect(monthOf(-11, now)).toBe('2025-02');
    expect(monthOf(1, now)).toBe('2026-02');
  });
});
