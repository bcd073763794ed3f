import { BillingInputError } from './billing-input-error.ts';
import { daysInMonth, utcMs } from './calendar.rules.ts';

export type InstantInput = Date | string;

// Date-only (midnight UTC) or date-time with an explicit zone; a zoneless time would be read in local time.
const ISO_INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2})))?$/;

/** Milliseconds since the epoch; rejects invalid Dates and strings that are not strict ISO 8601 instants. */
export function parseInstant(value: InstantInput, path: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw invalidInstant(path, 'is an invalid Date');
    return ms;
  }
  if (typeof value !== 'string') throw invalidInstant(path, 'must be a Date or an ISO 8601 string');
  const ms = parseIsoInstant(value);
  if (ms === null) {
    throw invalidInstant(path, `must be an ISO 8601 date or date-time with a zone, got ${JSON.stringify(value)}`);
  }
  return ms;
}

function parseIsoInstant(text: string): number | null {
  const match = ISO_INSTANT_PATTERN.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', , sign, offH = '0', offM = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const offsetHours = Number(offH);
  const offsetMinutes = Number(offM);
  const valid =
    month >= 1 && month <= 12 &&
    day >= 1 && day <= daysInMonth(year, month) &&
    hour <= 23 && minute <= 59 && second <= 59 &&
    offsetHours <= 23 && offsetMinutes <= 59;
  if (!valid) return null;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const offsetMs = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return utcMs(year, month, day, hour, minute, second, millis) - offsetMs;
}

function invalidInstant(path: string, problem: string): BillingInputError {
  return new BillingInputError('INVALID_INSTANT', path, `${path} ${problem}`);
}
