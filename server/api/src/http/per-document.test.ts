import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { perDocument } from './per-document.ts';

describe('perDocument', () => {
  it('works a document out once, falsy answers included, and each document on its own', () => {
    const seen: string[] = [];
    const fieldCount = perDocument((document) => {
      seen.push(document.loc!.source.body);
      return document.definitions.length - 1;
    });
    const [one, two] = [parse('{ a }'), parse('{ a } query B { b }')];
    expect([fieldCount(one), fieldCount(one), fieldCount(two), fieldCount(two)]).toEqual([0, 0, 1, 1]);
    expect(seen).toEqual(['{ a }', '{ a } query B { b }']);
    expect(fieldCount(parse('{ a }'))).toBe(0);
    expect(seen).toHaveLength(3);
  });
});
