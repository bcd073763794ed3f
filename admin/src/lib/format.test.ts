import { describe, expect, it } from 'vitest';
import { bucket, card, money, moneyDelta, period, count, daysAgo, moneyWhole } from './format.ts';

describe('money', () => {
  it('shows cents as US dollars', () => {
    expect(money(123456)).toBe('$1,234.56');
    expect(money(0)).toBe('$0.00');
  });
});

describe('moneyDelta', () => {
  describe('when the price goes up or down', () => {
    it('returns a signed difference', () => {
      expect(moneyDelta(1400)).toBe('+$14.00');
      expect(moneyDelta(-600)).toBe('−$6.00');
    });
  });

  describe('when nothing changes', () => {
    it('returns $0.00 without a sign', () => {
      expect(moneyDelta(0)).toBe('$0.00');
    });
  });
});

describe('period and bucket', () => {
  it('name months and days in UTC', () => {
    expect(period('2025-03')).toBe('Mar 2025');
    expect(bucket('2025-03-01T00:00:00.000Z', 'MONTH')).toBe('Mar 2025');
    expect(bucket('2025-03-10T00:00:00.000Z', 'WEEK')).toBe('Mar 10');
  });
});

describe('card', () => {
  it('names the brand as people know it', () => {
    expect(card('visa', '4242')).toBe('Visa •••• 4242');
    expect(card('amex', '0005')).toBe('American Express •••• 0005');
  });
});

describe('count', () => {
  it('returns thousands separators', () => {
    expect(count(1443)).toBe('1,443');
    expect(count(1000)).toBe('1,000');
    expect(count(7)).toBe('7');
  });
});

describe('moneyWhole', () => {
  it('returns whole dollars for axes and headline figures', () => {
    expect(moneyWhole(971_567)).toBe('$9,716');
    expect(moneyWhole(0)).toBe('$0');
  });
});

describe('daysAgo', () => {
  const now = new Date('2026-03-14T12:00:00Z');
  it('returns today, yesterday or the number of whole days', () => {
    expect(daysAgo('2026-03-14T01:00:00Z', now)).toBe('today');
    expect(daysAgo('2026-03-13T11:00:00Z', now)).toBe('yesterday');
    expect(daysAgo('2025-12-02T11:00:00Z', now)).toBe('102 days ago');
  });
});
