import { BillingInputError } from './billing-input-error.ts';

export const DAY_MS = 86_400_000;

/** A billing period: one UTC calendar month. `endMs` is exclusive (00:00:00Z of the next month). */
export interface BillingMonth {
  period: string;
  year: number;
  month: number;
  days: number;
  startMs: number;
  endMs: number;
}

const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Milliseconds since the epoch of a UTC wall-clock time; safe for years below 100, unlike Date.UTC. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

export function parsePeriod(period: string): BillingMonth {
  const match = typeof period === 'string' ? PERIOD_PATTERN.exec(period) : null;
  if (!match) {
    throw new BillingInputError('INVALID_PERIOD', 'period', `period must be YYYY-MM, got ${JSON.stringify(period)}`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const days = daysInMonth(year, month);
  const startMs = utcMs(year, month, 1);
  return { period, year, month, days, startMs, endMs: startMs + days * DAY_MS };
}

/** The YYYY-MM period containing an instant (UTC). */
export function periodContaining(instantMs: number): string {
  const date = new Date(instantMs);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}`;
}

/** 'YYYY-MM-DD' of the day with the given zero-based index in the month. */
export function formatDay(month: BillingMonth, dayIndex: number): string {
  return `${month.period}-${pad(dayIndex + 1, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
