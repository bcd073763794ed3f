import { describe, expect, it } from 'vitest';
import { formatCents } from './money.ts';

describe('formatCents', () => {
  describe('when the amount is under a dollar', () => {
    it('returns zero dollars and two-digit cents', () => {
      expect(formatCents(0)).toBe('$0.00');
      expect(formatCents(7)).toBe('$0.07');
      expect(formatCents(99)).toBe('$0.99');
    });
  });

  describe('when the amount has thousands', () => {
    it('returns the dollars grouped by commas', () => {
      expect(formatCents(123456)).toBe('$1,234.56');
      expect(formatCents(100000000)).toBe('$1,000,000.00');
      expect(formatCents(99999)).toBe('$999.99');
    });
  });

  describe('when the amount is negative (a credit)', () => {
    it('returns the sign before the dollar symbol', () => {
      expect(formatCents(-123456)).toBe('-$1,234.56');
      expect(formatCents(-5)).toBe('-$0.05');
    });
  });

  describe('when the amount is not a whole number of cents', () => {
    it('throws a RangeError', () => {
      expect(() => formatCents(12.5)).toThrow(RangeError);
      expect(() => formatCents(Number.NaN)).toThrow(RangeError);
      expect(() => formatCents(2 ** 53)).toThrow(RangeError);
    });
  });
});
