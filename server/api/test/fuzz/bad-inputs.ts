import { LONE_SURROGATE } from '../../src/http/input-limits.ts';
import fc from 'fast-check';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Text that has broken servers before (issue 13) or could: control characters, broken Unicode, sizes, syntax. */
export const BAD_TEXTS: readonly string[] = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\uD800',
  'x\uDC00y',
  'ok\uDBFF',
  'x'.repeat(201),
  'y'.repeat(2_001),
  'z'.repeat(70_000),
  '%',
  '_',
  '\\',
  "'; DROP TABLE \"Lease\"; --",
  '<script>alert(1)</script>',
  'abc',
  'SM-',
  'ＳＭ－ＰＲＯ',
  '👍🏽'.repeat(30),
  '\u202Eevil',
  'e\u0301\u0301\u0301',
  '\n\t\r',
  '\u001b[31m',
  'null',
  '{"a":1}',
  '0000-01-01',
  '99999-12-31',
  '2025-13',
  '2025-02-30',
  '0000-00',
  '-1',
  'NaN',
];

/** Global IDs that are not a positive 32-bit number of a known type, raw and base64-encoded. */
export const BAD_IDS: readonly string[] = [
  'Lease:abc',
  'Lease:1',
  b64('Lease:abc'),
  b64('Lease:2147483648'),
  b64('Lease:1.5'),
  b64('Lease:0'),
  b64('Lease:-1'),
  b64('Lease:01'),
  b64('Lease:'),
  b64(':1'),
  b64('Nope:1'),
  b64('Lease:99999999999999999999'),
  b64('Lease:1\u0000'),
  b64('Lease:\uD800'),
  b64('Customer:2147483647'),
  '',
  '\u0000',
  '====',
  'a'.repeat(101),
  b64('Lease:1').repeat(20),
  '../../etc/passwd',
];

/** Integers and would-be integers: limits, signs, fractions, out of range, other types. */
export const BAD_NUMBERS: readonly unknown[] = [0, -1, -100, 101, 1_000, 1_000_000, 2_147_483_647, -2_147_483_648, 2_147_483_648, -2_147_483_649, 1.5, -0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER];

/** Values of the wrong kind for any input. */
export const WRONG_TYPES: readonly unknown[] = [true, 12, -7.25, 'text', {}, { nested: { deeper: [1] } }, [], ['a', 'b'], [[[]]]];

export const DATES: readonly string[] = ['2025-01-15', '2024-12-01', '1900-01-01', '9999-12-31', '0000-01-01', '99999-01-01', '1899-12-31', '2025-02-30', '2025-13-01', '2025-1-5', '20250115', ''];

export const DATE_TIMES: readonly string[] = [
  '2025-01-15T12:00:00Z',
  '2024-12-01T00:00:00.000Z',
  '2099-01-01T00:00:00+14:00',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00Z',
  '99999-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '1899-12-31T23:59:59Z',
  '2025-01-15',
  '2025-01-15T25:61:00Z',
  '2025-01-15T12:00:00',
  'now',
];

/** Text the edge lets through (no NUL, no lone surrogate, at most 200 characters) that a use case must still handle. */
export const EDGE_TEXTS: readonly string[] = BAD_TEXTS.filter((t) => !t.includes('\u0000') && !LONE_SURROGATE.test(t) && t.length <= 200).concat(['w'.repeat(200)]);

/** A date or instant between the years 1900 and 9999 that exists (the Date and DateTime scalars' range). */
export function isPlausibleDate(value: string): boolean {
  const year = Number(/^(\d{4})-/.exec(value)?.[1]);
  return year >= 1900 && year <= 9999 && !Number.isNaN(Date.parse(value)) && !/-02-30|T25/.test(value) && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/.test(value);
}

/** The prefixes of a whole license key, its parts and a key with a typo. */
export function partialKeys(keys: readonly string[]): string[] {
  return keys.flatMap((key) => [key, key.slice(0, 3), key.slice(0, -1), key.toLowerCase(), key.replace(/-/g, ''), `${key}X`, ` ${key} `]);
}

/** Any text: one of the bad ones (NUL, lone surrogates and sizes most often), a plausible one, or random Unicode. */
export function textArb(plausible: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...BAD_TEXTS.filter((t) => t.includes('\u0000') || LONE_SURROGATE.test(t) || t.length > 200)) },
    { weight: 2, arbitrary: fc.constantFrom(...BAD_TEXTS) },
    { weight: 3, arbitrary: fc.constantFrom('plain text', ...plausible) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }) },
  );
}
