import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containing, GRAM, gramKeys, leaseNumberIn } from './lease-filter.rules.ts';

/** Every GRAM-character piece of a text, as lb_text_grams builds them in the database (by characters). */
function gramsOf(text: string): Set<string> {
  const chars = Array.from(text);
  return new Set(Array.from({ length: Math.max(0, chars.length - GRAM + 1) }, (_, i) => chars.slice(i, i + GRAM).join('')));
}

describe('gramKeys', () => {
  it('covers the fragment with pieces from its start every GRAM characters, and its last piece', () => {
    expect(gramKeys('blue-harbor-motors-3453')).toEqual(['blue-', 'harbo', 'r-mot', 'ors-3', '-3453']);
    expect(gramKeys('stats1900.')).toEqual(['stats', '1900.']);
    expect(gramKeys('  Admin ')).toEqual(['admin']);
  });

  it('has none for a fragment shorter than GRAM characters, counted as characters rather than UTF-16 units', () => {
    expect(gramKeys('abcd')).toBeNull();
    expect(gramKeys('   ')).toBeNull();
    expect(gramKeys('ab😀c')).toBeNull();
    expect(gramKeys('ab😀cd')).toEqual(['ab😀cd']);
  });

  it('keeps %, _ and \\ as they are: the keys are compared as text, not as a LIKE pattern', () => {
    expect(gramKeys('per%cent_x\\y')).toEqual(['per%c', 'ent_x', 't_x\\y']);
  });

  it('gives only pieces that every text containing the fragment holds (so a gram lookup loses no match)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme', minLength: GRAM, maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 12 }), (before, fragment, after) => {
        const keys = gramKeys(fragment);
        const norm = fragment.trim().toLowerCase();
        if (Array.from(norm).length < GRAM) {
          expect(keys).toBeNull();
          return;
        }
        const grams = gramsOf(`${before}${norm}${after}`);
        for (const key of keys!) expect(grams.has(key)).toBe(true);
        // Together the keys cover every character of the fragment.
        expect(keys!.join('').length).toBeGreaterThanOrEqual(norm.length);
      }),
    );
  });
});

describe('containing', () => {
  it('lower-cases and escapes the LIKE wildcards and the escape character', () => {
    expect(containing(' Per%cent_\\ ')).toBe('%per\\%cent\\_\\\\%');
  });
});

describe('leaseNumberIn', () => {
  it('reads "1234" and "#1234", and nothing past the int range', () => {
    expect(leaseNumberIn('1234')).toBe(1234);
    expect(leaseNumberIn('#1234')).toBe(1234);
    expect(leaseNumberIn('2147483648')).toBeNull();
    expect(leaseNumberIn('12a')).toBeNull();
  });
});
