import { describe, expect, it } from 'vitest';
import { parseInstant } from './instant.rules.ts';

describe('parseInstant', () => {
  describe.each([
    { input: '2025-01-05T10:00:00Z', expected: '2025-01-05T10:00:00.000Z' },
    { input: '2025-01-05T10:00Z', expected: '2025-01-05T10:00:00.000Z' },
    { input: '2025-01-05T10:00:00.123456Z', expected: '2025-01-05T10:00:00.123Z' },
    { input: '2025-01-05T10:00:00+02:30', expected: '2025-01-05T07:30:00.000Z' },
    { input: '2025-01-01T00:30:00-01:00', expected: '2025-01-01T01:30:00.000Z' },
    { input: '2024-02-29', expected: '2024-02-29T00:00:00.000Z' },
  ])('when the string is $input', ({ input, expected }) => {
    it(`returns the epoch milliseconds of ${expected}`, () => {
      expect(parseInstant(input, 'x')).toBe(Date.parse(expected));
    });
  });

  describe('when given a valid Date', () => {
    it('returns its epoch milliseconds', () => {
      expect(parseInstant(new Date('2025-01-05T10:00:00Z'), 'x')).toBe(Date.parse('2025-01-05T10:00:00Z'));
    });
  });

  describe.each([
    ['a day that does not exist', '2025-02-30'],
    ['February 29 in a common year', '2025-02-29T00:00:00Z'],
    ['a time without a zone', '2025-01-05T10:00:00'],
    ['hour 24', '2025-01-05T24:00:00Z'],
    ['a non-ISO format', 'Jan 5 2025'],
    ['an expanded year', '+002025-01-05T10:00:00Z'],
    ['an empty string', ''],
  ])('when the string is %s', (_, input) => {
    it('throws INVALID_INSTANT at the given path', () => {
      expect(() => parseInstant(input, 'items[0].segments[0].from')).toThrow(
        expect.objectContaining({ code: 'INVALID_INSTANT', path: 'items[0].segments[0].from' }),
      );
    });
  });

  describe('when given an invalid Date', () => {
    it('throws INVALID_INSTANT', () => {
      expect(() => parseInstant(new Date('nope'), 'now')).toThrow(
        expect.objectContaining({ code: 'INVALID_INSTANT', path: 'now' }),
      );
    });
  });
});
