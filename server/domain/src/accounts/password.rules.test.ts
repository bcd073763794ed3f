import { describe, expect, it } from 'vitest';
import { checkNewPassword, MIN_PASSWORD_LENGTH } from './password.rules.ts';

describe('checkNewPassword', () => {
  describe('when the password has fewer than twelve characters', () => {
    it('returns PASSWORD_TOO_SHORT on the given field', () => {
      expect(checkNewPassword('a'.repeat(MIN_PASSWORD_LENGTH - 1), ['newPassword'])).toEqual([
        expect.objectContaining({ code: 'PASSWORD_TOO_SHORT', field: ['newPassword'] }),
      ]);
    });
  });

  describe('when the password has exactly twelve characters', () => {
    it('returns no error', () => {
      expect(checkNewPassword('a'.repeat(MIN_PASSWORD_LENGTH), ['password'])).toEqual([]);
    });
  });

  describe('when the characters are outside the basic plane', () => {
    it('counts each one once', () => {
      // Eleven emoji are 22 UTF-16 code units but only eleven characters.
      expect(checkNewPassword('🔑'.repeat(11), ['password'])[0]?.code).toBe('PASSWORD_TOO_SHORT');
      expect(checkNewPassword('🔑'.repeat(12), ['password'])).toEqual([]);
    });
  });

  describe('when the password is absurdly long', () => {
    it('returns PASSWORD_TOO_LONG', () => {
      expect(checkNewPassword('a'.repeat(1001), ['password'])[0]?.code).toBe('PASSWORD_TOO_LONG');
    });
  });
});
