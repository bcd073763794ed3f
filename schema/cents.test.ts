import { type ConstValueNode, Kind, parseConstValue } from 'graphql';
import { describe, expect, it } from 'vitest';
import { parseCents, parseCentsLiteral, serializeCents } from './cents.ts';

const literal = (text: string): ConstValueNode => parseConstValue(text);

describe('Cents', () => {
  describe('when a variable is given', () => {
    it.each([0, 1, -250, 2 ** 31, 4_000_000_000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])('accepts the whole number %s', (value) => {
      expect(parseCents(value)).toBe(value);
    });

    it.each([
      ['a fraction', 1.5],
      ['2^53, past the exact range', 2 ** 53],
      ['below the range', Number.MIN_SAFE_INTEGER - 1],
      ['a string of digits', '100'],
      ['a bigint-looking string', '9007199254740993'],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['null', null],
      ['a boolean', true],
    ])('refuses %s, naming the range', (_name, value) => {
      expect(() => parseCents(value)).toThrow('Cents must be a whole number of cents from -9007199254740991 to 9007199254740991');
    });
  });

  describe('when a literal is written in the query', () => {
    it.each([
      ['0', 0],
      ['-250', -250],
      ['4000000000', 4_000_000_000],
      ['9007199254740991', Number.MAX_SAFE_INTEGER],
      ['-9007199254740991', Number.MIN_SAFE_INTEGER],
    ])('accepts the integer literal %s', (text, value) => {
      expect(parseCentsLiteral(literal(text))).toBe(value);
    });

    it.each([
      // 2^53 + 1 rounds to 2^53 as a double: the literal is compared exactly before it becomes a number.
      ['9007199254740993', '9007199254740993'],
      ['9007199254740992', '9007199254740992'],
      ['-9007199254740992', '-9007199254740992'],
      ['1.5', '1.5'],
      ['1.0', '1.0'],
      ['1e3', '1e3'],
      ['"100"', '"100"'],
      ['null', 'null'],
      ['[1]', '[1]'],
    ])('refuses %s, quoting it', (text, quoted) => {
      expect(() => parseCentsLiteral(literal(text))).toThrow(`Cents must be a whole number of cents from -9007199254740991 to 9007199254740991, sent as a JSON number; got ${quoted}`);
    });

    it('reads an integer literal as a number, never as a string', () => {
      const node = literal('42');
      expect(node.kind).toBe(Kind.INT);
      expect(typeof parseCentsLiteral(node)).toBe('number');
    });
  });

  describe('when a value is sent to the client', () => {
    it.each([
      [0, 0],
      [2 ** 31, 2 ** 31],
      [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
      [4_000_000_000n, 4_000_000_000],
      [-5n, -5],
    ])('sends %s as the JSON number %s', (value, sent) => {
      expect(serializeCents(value)).toBe(sent);
    });

    it.each([[1.5], [2 ** 53], [2n ** 53n], ['100'], [null], [Number.NaN]])('fails loudly on %s rather than sending a wrong amount', (value) => {
      expect(() => serializeCents(value)).toThrow('Cents cannot represent');
    });
  });
});
