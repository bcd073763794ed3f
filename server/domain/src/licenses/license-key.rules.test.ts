import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LICENSE_KEY_ALPHABET,
  formatLicenseKey,
  generateLicenseKey,
  isValidLicenseKey,
  normalizeLicenseKey,
} from './license-key.rules.ts';

const SAMPLE_DISPLAY = 'SM-JNP2R-KFRY6-NBSDX-W4SQX';
const SAMPLE_CANONICAL = 'SMJNP2RKFRY6NBSDXW4SQX';
const DISPLAY_SHAPE = new RegExp(`^S[MTS](-[${LICENSE_KEY_ALPHABET}]{5}){4}$`);

/** Hands out the given bytes in order, then repeats them. */
function scriptedBytes(bytes: number[]): (length: number) => Uint8Array {
  let next = 0;
  return (length) =>
    Uint8Array.from({ length }, () => {
      const byte = bytes[next % bytes.length]!;
      next += 1;
      return byte;
    });
}

const cryptoBytes = (length: number) => new Uint8Array(randomBytes(length));

describe('generateLicenseKey', () => {
  describe('when given a product prefix and a random source', () => {
    it('returns the prefix and four groups of five in display form', () => {
      expect(generateLicenseKey('SM', cryptoBytes)).toMatch(DISPLAY_SHAPE);
      expect(generateLicenseKey('ST', cryptoBytes)).toMatch(/^ST-/);
      expect(generateLicenseKey('SS', cryptoBytes)).toMatch(/^SS-/);
    });

    it('returns a key that passes its own check', () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (bytes) => {
          expect(isValidLicenseKey(generateLicenseKey('SM', scriptedBytes([...bytes, 7])))).toBe(true);
        }),
      );
    });

    it('returns keys made only of the alphabet', () => {
      const allowed = new Set([...LICENSE_KEY_ALPHABET, '-']);
      for (let round = 0; round < 200; round += 1) {
        const key = generateLicenseKey('SS', cryptoBytes);
        expect([...key].filter((character) => !allowed.has(character))).toEqual([]);
      }
    });

    it('returns no key twice over many draws', () => {
      const keys = new Set(Array.from({ length: 5000 }, () => generateLicenseKey('SM', cryptoBytes)));
      expect(keys.size).toBe(5000);
    });
  });

  describe('when the random source gives bytes that would bias the alphabet', () => {
    it('returns a key built from the other bytes only', () => {
      // 232..255 are skipped; 0 → '2', 28 → 'Y', 29 → '2' again (29 mod 29).
      const key = generateLicenseKey('SM', scriptedBytes([255, 232, 0, 28, 29]));
      expect(key.slice(3, 8)).toBe('2Y22Y');
    });
  });

  describe('when the random source is fixed', () => {
    it('returns 19 characters drawn from it in order', () => {
      const counting = Array.from({ length: 19 }, (_, index) => index);
      const canonical = normalizeLicenseKey(generateLicenseKey('ST', scriptedBytes(counting)));
      expect(canonical?.slice(2, 21)).toBe(LICENSE_KEY_ALPHABET.slice(0, 19));
    });
  });

  describe('when the prefix is not two alphabet characters', () => {
    it('throws a RangeError', () => {
      expect(() => generateLicenseKey('S', cryptoBytes)).toThrow(RangeError);
      expect(() => generateLicenseKey('SMX', cryptoBytes)).toThrow(RangeError);
      expect(() => generateLicenseKey('sm', cryptoBytes)).toThrow(RangeError);
      expect(() => generateLicenseKey('S0', cryptoBytes)).toThrow(RangeError);
    });
  });
});

describe('normalizeLicenseKey', () => {
  describe('when the key is in display form', () => {
    it('returns the canonical form', () => {
      expect(normalizeLicenseKey(SAMPLE_DISPLAY)).toBe(SAMPLE_CANONICAL);
    });
  });

  describe('when the key differs only in case, dashes or spaces', () => {
    it('returns the same canonical form', () => {
      for (const input of [
        SAMPLE_CANONICAL,
        SAMPLE_DISPLAY.toLowerCase(),
        'sm-JnP2r-kfry6-NBSDX-w4sqx',
        ' SM JNP2R KFRY6 NBSDX W4SQX ',
        'SMJNP2R-KFRY6NBSDX-W4SQX',
        'SM\u2013JNP2R\u2013KFRY6\u2013NBSDX\u2013W4SQX',
      ]) {
        expect(normalizeLicenseKey(input)).toBe(SAMPLE_CANONICAL);
      }
    });
  });

  describe('when the key is too short or too long', () => {
    it('returns null', () => {
      expect(normalizeLicenseKey(SAMPLE_DISPLAY.slice(0, -1))).toBeNull();
      expect(normalizeLicenseKey(`${SAMPLE_DISPLAY}2`)).toBeNull();
      expect(normalizeLicenseKey('')).toBeNull();
    });
  });

  describe('when the key holds a character outside the alphabet', () => {
    it('returns null rather than guessing what was meant', () => {
      for (const excluded of ['0', 'O', '1', 'I', 'L', 'U', 'Z', '_', 'é']) {
        expect(normalizeLicenseKey(SAMPLE_CANONICAL.slice(0, 10) + excluded + SAMPLE_CANONICAL.slice(11))).toBeNull();
      }
    });
  });

  describe('when a character upper-cases to two letters', () => {
    it('returns null', () => {
      // 'ß'.toUpperCase() is 'SS': the length check must not be fooled by it.
      expect(normalizeLicenseKey(`ß${SAMPLE_CANONICAL.slice(2)}`)).toBeNull();
    });
  });

  describe('when a letter outside ASCII upper-cases to an alphabet character', () => {
    it('returns null', () => {
      // 'ſ' (long s) upper-cases to 'S', the sample's first character.
      expect(SAMPLE_CANONICAL[0]).toBe('S');
      expect(normalizeLicenseKey(`ſ${SAMPLE_CANONICAL.slice(1)}`)).toBeNull();
    });
  });
});

describe('isValidLicenseKey', () => {
  describe('when the key is intact', () => {
    it('returns true', () => {
      expect(isValidLicenseKey(SAMPLE_DISPLAY)).toBe(true);
    });
  });

  describe('when any single character of the sample key is replaced by another alphabet character', () => {
    it('returns false for every one of them', () => {
      const accepted: string[] = [];
      for (let index = 0; index < SAMPLE_CANONICAL.length; index += 1) {
        for (const replacement of LICENSE_KEY_ALPHABET) {
          if (replacement === SAMPLE_CANONICAL[index]) continue;
          const mistyped = SAMPLE_CANONICAL.slice(0, index) + replacement + SAMPLE_CANONICAL.slice(index + 1);
          if (isValidLicenseKey(mistyped)) accepted.push(mistyped);
        }
      }
      expect(accepted).toEqual([]);
    });
  });

  describe('when two different adjacent characters of the sample key are swapped', () => {
    it('returns false for every swap', () => {
      const accepted: string[] = [];
      for (let index = 0; index + 1 < SAMPLE_CANONICAL.length; index += 1) {
        const characters = [...SAMPLE_CANONICAL];
        if (characters[index] === characters[index + 1]) continue;
        [characters[index], characters[index + 1]] = [characters[index + 1]!, characters[index]!];
        if (isValidLicenseKey(characters.join(''))) accepted.push(characters.join(''));
      }
      expect(accepted).toEqual([]);
    });
  });

  describe('when any generated key suffers one substitution or one adjacent swap', () => {
    const generatedKey = fc
      .uint8Array({ minLength: 40, maxLength: 40 })
      .map((bytes) => normalizeLicenseKey(generateLicenseKey('SM', scriptedBytes([...bytes, 11])))!);

    it('returns false after a substitution', () => {
      fc.assert(
        fc.property(
          generatedKey,
          fc.nat({ max: 21 }),
          fc.constantFrom(...LICENSE_KEY_ALPHABET),
          (key, index, replacement) => {
            fc.pre(key[index] !== replacement);
            expect(isValidLicenseKey(key.slice(0, index) + replacement + key.slice(index + 1))).toBe(false);
          },
        ),
        { numRuns: 2000 },
      );
    });

    it('returns false after an adjacent swap', () => {
      fc.assert(
        fc.property(generatedKey, fc.nat({ max: 20 }), (key, index) => {
          fc.pre(key[index] !== key[index + 1]);
          const swapped = key.slice(0, index) + key[index + 1] + key[index] + key.slice(index + 2);
          expect(isValidLicenseKey(swapped)).toBe(false);
        }),
        { numRuns: 2000 },
      );
    });
  });
});

describe('formatLicenseKey', () => {
  describe('when given a canonical key', () => {
    it('returns the display form', () => {
      expect(formatLicenseKey(SAMPLE_CANONICAL)).toBe(SAMPLE_DISPLAY);
    });
  });

  describe('when given a generated key after normalizing it', () => {
    it('returns the key as it was generated', () => {
      for (let round = 0; round < 100; round += 1) {
        const key = generateLicenseKey('ST', cryptoBytes);
        expect(formatLicenseKey(normalizeLicenseKey(key)!)).toBe(key);
      }
    });
  });

  describe('when given something that is not a valid key', () => {
    it('throws a RangeError', () => {
      expect(() => formatLicenseKey('SM-NOT-A-KEY')).toThrow(RangeError);
    });
  });
});
