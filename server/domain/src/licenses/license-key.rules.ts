/**
 * License keys: a two-character product prefix (SM, ST, SS), 19 random characters and one check character,
 * all drawn from one 29-character alphabet.
 *
 *   canonical  SMJNP2RKFRY6NBSDXW4SQX          (stored and compared)
 *   display    SM-JNP2R-KFRY6-NBSDX-W4SQX      (the last character, X, is the check character)
 *
 * The alphabet leaves out 0/O, 1/I/L and U, which people confuse when reading or typing, and Z (too
 * close to 2), which brings its size to 29, a prime. With a prime modulus, a weighted sum whose
 * weights are distinct, non-zero and below the modulus catches every single-character substitution and
 * every swap of two adjacent characters. 19 random characters carry 19·log2(29) ≈ 92 bits.
 */
export const LICENSE_KEY_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXY';

const MODULUS = LICENSE_KEY_ALPHABET.length;
const PREFIX_LENGTH = 2;
const RANDOM_LENGTH = 19;
/** Fits the weights (1 for the check character, up to 22 for the first prefix character) below MODULUS. */
const KEY_LENGTH = PREFIX_LENGTH + RANDOM_LENGTH + 1;
const GROUP_LENGTH = 5;
/** The largest multiple of MODULUS a byte can hold: bytes at or above it are skipped, so no character is favoured. */
const UNBIASED_BYTE_LIMIT = Math.floor(256 / MODULUS) * MODULUS;

const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;
const VALUE_OF = new Map([...LICENSE_KEY_ALPHABET].map((character, value) => [character, value]));

export type RandomBytes = (length: number) => Uint8Array;

/** Draws a new key for the product prefix and returns it in display form. */
export function generateLicenseKey(prefix: string, randomBytes: RandomBytes): string {
  if (prefix.length !== PREFIX_LENGTH || ![...prefix].every((character) => VALUE_OF.has(character))) {
    throw new RangeError(`A license key prefix is ${PREFIX_LENGTH} characters of the key alphabet, got "${prefix}"`);
  }
  const body = prefix + randomCharacters(RANDOM_LENGTH, randomBytes);
  return formatCanonical(body + checkCharacter(body));
}

/** Canonical form (upper case, no separators) of a well-formed key with a correct check character, else null. */
export function normalizeLicenseKey(input: string): string | null {
  const compact = input.replace(SEPARATORS, '');
  if (compact.length !== KEY_LENGTH) return null;
  const candidate = compact.toUpperCase();
  for (let index = 0; index < KEY_LENGTH; index += 1) {
    // Only ASCII: upper-casing some other letters (ſ → S) would land in the alphabet.
    if (compact.charCodeAt(index) > 0x7f || !VALUE_OF.has(candidate[index]!)) return null;
  }
  return weightedSum(candidate, 0) % MODULUS === 0 ? candidate : null;
}

export function isValidLicenseKey(input: string): boolean {
  return normalizeLicenseKey(input) !== null;
}

/** Display form of a key given in any accepted form; throws when it is not a valid key. */
export function formatLicenseKey(key: string): string {
  const canonical = normalizeLicenseKey(key);
  if (canonical === null) throw new RangeError('Not a valid license key');
  return formatCanonical(canonical);
}

function formatCanonical(canonical: string): string {
  const groups = [canonical.slice(0, PREFIX_LENGTH)];
  for (let start = PREFIX_LENGTH; start < canonical.length; start += GROUP_LENGTH) {
    groups.push(canonical.slice(start, start + GROUP_LENGTH));
  }
  return groups.join('-');
}

function randomCharacters(count: number, randomBytes: RandomBytes): string {
  let characters = '';
  while (characters.length < count) {
    for (const byte of randomBytes(count - characters.length + 4)) {
      if (byte >= UNBIASED_BYTE_LIMIT) continue;
      characters += LICENSE_KEY_ALPHABET[byte % MODULUS];
      if (characters.length === count) break;
    }
  }
  return characters;
}

/** The character that makes the weighted sum of the whole key a multiple of MODULUS (its own weight is 1). */
function checkCharacter(body: string): string {
  const sum = weightedSum(body, 1);
  return LICENSE_KEY_ALPHABET[(MODULUS - (sum % MODULUS)) % MODULUS]!;
}

/** Sum of value × weight, weights counted from the right end starting at lastWeight + 1. */
function weightedSum(characters: string, lastWeight: number): number {
  let sum = 0;
  for (let index = 0; index < characters.length; index += 1) {
    const weight = characters.length - index + lastWeight;
    sum += VALUE_OF.get(characters[index]!)! * weight;
  }
  return sum;
}
