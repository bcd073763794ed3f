/**
 * Makes a canonical license key (upper case, no dashes) for a product prefix from a seeded random source.
 *
 * The real generator is `generateLicenseKey` in @leaseboard/domain's licenses/license-key.rules.ts (it owns
 * the check character); the seed takes one as an option instead of copying it. The CLI passes the
 * server's generator; callers that do not get the simple default below.
 */
export type MakeLicenseKey = (prefix: string, rand: () => number) => string;

/** The key alphabet: no 0/O, 1/I/L, U or Z. */
export const LICENSE_KEY_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXY';
export const LICENSE_KEY_RANDOM_LENGTH = 19;

/**
 * Same shape as a real key (prefix, 19 random characters, 1 check character from the alphabet), but its
 * check character is a plain sum and does NOT pass the server's validation: good for tests of the seed,
 * not for data the server will look keys up in.
 */
export const simpleLicenseKey: MakeLicenseKey = (prefix, rand) => {
  let body = '';
  let sum = 0;
  for (let i = 0; i < LICENSE_KEY_RANDOM_LENGTH; i++) {
    const value = Math.floor(rand() * LICENSE_KEY_ALPHABET.length);
    body += LICENSE_KEY_ALPHABET[value];
    sum += value;
  }
  return prefix + body + LICENSE_KEY_ALPHABET[sum % LICENSE_KEY_ALPHABET.length];
};

/** Adapts a generator that takes a random-bytes source and returns any accepted form (e.g. the server's). */
export function fromBytesGenerator(
  generate: (prefix: string, randomBytes: (length: number) => Uint8Array) => string,
): MakeLicenseKey {
  return (prefix, rand) => {
    const randomBytes = (length: number) => Uint8Array.from({ length }, () => Math.floor(rand() * 256));
    return generate(prefix, randomBytes).replace(/-/g, '').toUpperCase();
  };
}
