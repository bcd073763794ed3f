import { describe, expect, it } from 'vitest';
import { bucket, card, money, moneyDelta, period, count, daysAgo, moneyWhole, seconds, dateSpan, shortDate, date, dateTime } from './format.ts';

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

describe('seconds', () => {
  it('returns one decimal and the unit, with thousands separators', () => {
    expect(seconds(1234)).toBe('1.2 s');
    expect(seconds(0)).toBe('0.0 s');
    expect(seconds(1_234_500)).toBe('1,234.5 s');
  });
});

describe('date, dateTime, shortDate and dateSpan', () => {
  it('name days in UTC, whatever the local time zone', () => {
    expect(date('2025-03-01T00:30:00Z')).toBe('Mar 1, 2025');
    expect(date(null)).toBe('—');
    expect(dateTime('2025-03-01T00:30:00Z')).toBe('Mar 1, 2025, 12:30 AM UTC');
    expect(shortDate('2025-03-10')).toBe('Mar 10');
  });

  describe('when the span has two different days', () => {
    it('joins them with an en dash', () => {
      expect(dateSpan('2025-03-01', '2025-03-10')).toBe('Mar 1–Mar 10');
    });
  });

  describe('when both ends are the same day', () => {
    it('names the day once', () => {
      expect(dateSpan('2025-03-10', '2025-03-10')).toBe('Mar 10');
    });
  });
});

describe('the rest of the admin', () => {
  it('formats numbers and dates only through this module', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const root = new URL('..', import.meta.url).pathname;
    const offenders: string[] = [];
    const visit = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await visit(path);
        else if (/\.(svelte|ts)$/.test(entry.name) && !/format(\.test)?\.ts$/.test(entry.name)) {
          const text = await readFile(path, 'utf8');
          if (/toLocaleString|toFixed\(|Intl\./.test(text)) offenders.push(path.slice(root.length));
        }
      }
    };
    await visit(root);
    expect(offenders).toEqual([]);
  });
});
