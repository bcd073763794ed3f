import { describe, expect, it } from 'vitest';
import { boundariesOf, bucketsOf, bucketStart, MAX_BUCKETS, rangeProblem } from './report-buckets.rules.ts';

const iso = (d: Date) => d.toISOString();

describe('bucketStart', () => {
  it('starts weeks on Monday, UTC', () => {
    expect(iso(bucketStart(new Date('2025-03-16T23:59:59Z'), 'WEEK'))).toBe('2025-03-10T00:00:00.000Z'); // a Sunday
    expect(iso(bucketStart(new Date('2025-03-17T00:00:00Z'), 'WEEK'))).toBe('2025-03-17T00:00:00.000Z'); // a Monday
  });

  it('starts months on the 1st', () => {
    expect(iso(bucketStart(new Date('2024-02-29T12:00:00Z'), 'MONTH'))).toBe('2024-02-01T00:00:00.000Z');
  });
});

describe('bucketsOf', () => {
  describe('when the range cuts into months', () => {
    it('covers it with whole calendar months', () => {
      const buckets = bucketsOf({ from: new Date('2024-12-15T00:00:00Z'), to: new Date('2025-03-01T00:00:00Z'), granularity: 'MONTH' })!;
      expect(buckets.map((b) => [iso(b.start).slice(0, 10), iso(b.end).slice(0, 10)])).toEqual([
        ['2024-12-01', '2025-01-01'],
        ['2025-01-01', '2025-02-01'],
        ['2025-02-01', '2025-03-01'],
      ]);
      expect(boundariesOf(buckets).map((d) => iso(d).slice(0, 10))).toEqual(['2024-12-01', '2025-01-01', '2025-02-01', '2025-03-01']);
    });
  });

  describe('when `to` falls inside a day', () => {
    it('includes that day', () => {
      expect(bucketsOf({ from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-02T00:00:01Z'), granularity: 'DAY' })).toHaveLength(2);
    });
  });

  describe('when the range is empty or too long', () => {
    it('refuses it', () => {
      const at = new Date('2025-01-01T00:00:00Z');
      expect(bucketsOf({ from: at, to: at, granularity: 'DAY' })).toBeNull();
      expect(rangeProblem({ from: at, to: at, granularity: 'DAY' })).toBe('`from` must be before `to`');
      const long = { from: at, to: new Date(at.getTime() + (MAX_BUCKETS + 1) * 86_400_000), granularity: 'DAY' as const };
      expect(rangeProblem(long)).toBe('the range is more than 1000 days long');
      expect(rangeProblem({ ...long, granularity: 'WEEK' })).toBeNull();
    });
  });
});
