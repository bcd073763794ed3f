import { describe, expect, it } from 'vitest';
import { BillingInputError } from './billing-input-error.ts';
import { formatDay, parsePeriod, periodContaining } from './calendar.rules.ts';

describe('parsePeriod', () => {
  describe.each([
    { period: '2025-02', days: 28, start: '2025-02-01T00:00:00.000Z', end: '2025-03-01T00:00:00.000Z' },
    { period: '2024-02', days: 29, start: '2024-02-01T00:00:00.000Z', end: '2024-03-01T00:00:00.000Z' },
    { period: '2000-02', days: 29, start: '2000-02-01T00:00:00.000Z', end: '2000-03-01T00:00:00.000Z' },
    { period: '1900-02', days: 28, start: '1900-02-01T00:00:00.000Z', end: '1900-03-01T00:00:00.000Z' },
    { period: '2025-04', days: 30, start: '2025-04-01T00:00:00.000Z', end: '2025-05-01T00:00:00.000Z' },
    { period: '2024-12', days: 31, start: '2024-12-01T00:00:00.000Z', end: '2025-01-01T00:00:00.000Z' },
  ])('when the period is $period', ({ period, days, start, end }) => {
    it(`returns ${days} days from ${start} up to ${end}`, () => {
      const month = parsePeriod(period);
      expect(month.days).toBe(days);
      expect(new Date(month.startMs).toISOString()).toBe(start);
      expect(new Date(month.endMs).toISOString()).toBe(end);
    });
  });

  describe.each(['2025-13', '2025-00', '2025-1', '25-01', '2025/01', ' 2025-01', '2025-01-01', ''])(
    'when the period is %j',
    (period) => {
      it('throws INVALID_PERIOD at path "period"', () => {
        expect(() => parsePeriod(period)).toThrow(
          expect.objectContaining({ name: 'BillingInputError', code: 'INVALID_PERIOD', path: 'period' }),
        );
        expect(() => parsePeriod(period)).toThrow(BillingInputError);
      });
    },
  );
});

describe('periodContaining', () => {
  describe('when the instant is the last millisecond of a month', () => {
    it('returns that month', () => {
      expect(periodContaining(Date.parse('2025-01-31T23:59:59.999Z'))).toBe('2025-01');
    });
  });

  describe('when the instant is midnight on the 1st', () => {
    it('returns the month that starts then', () => {
      expect(periodContaining(Date.parse('2025-02-01T00:00:00.000Z'))).toBe('2025-02');
    });
  });
});

describe('formatDay', () => {
  describe('when given a zero-based day index', () => {
    it('returns the YYYY-MM-DD of that day', () => {
      const month = parsePeriod('2024-02');
      expect(formatDay(month, 0)).toBe('2024-02-01');
      expect(formatDay(month, 28)).toBe('2024-02-29');
    });
  });
});
