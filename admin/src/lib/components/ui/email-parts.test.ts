import { describe, expect, it } from 'vitest';
import { emailParts } from './email-parts.ts';

describe('emailParts', () => {
  it('cuts before "@" and after each dot, and the parts join back to the address', () => {
    const address = 'james.lopez@fern-builders-1959.example';
    expect(emailParts(address)).toEqual(['james.', 'lopez', '@fern-builders-1959.', 'example']);
    expect(emailParts(address).join('')).toBe(address);
  });

  describe('when the address has no dot or "@"', () => {
    it('returns it whole', () => {
      expect(emailParts('postmaster')).toEqual(['postmaster']);
    });
  });
});
