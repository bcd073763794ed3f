import { describe, expect, it } from 'vitest';
import { type CardInput, validateCardInput } from './card.rules.ts';

const NOW = new Date('2025-06-15T12:00:00Z');

function card(overrides: Partial<CardInput> = {}): CardInput {
  return { number: '4242424242424242', expMonth: 12, expYear: 2027, cvc: '123', ...overrides };
}

function errorsOf(input: CardInput, now = NOW) {
  const result = validateCardInput(input, now);
  return result.ok ? [] : result.errors.map(({ field, code }) => ({ field, code }));
}

describe('validateCardInput', () => {
  describe('when every field is valid', () => {
    it('returns the card with digits only, brand and last four', () => {
      expect(validateCardInput(card({ number: '4242 4242-4242 4242', holderName: '  Ada Lovelace ' }), NOW)).toEqual({
        ok: true,
        card: {
          number: '4242424242424242',
          brand: 'visa',
          last4: '4242',
          expMonth: 12,
          expYear: 2027,
          cvc: '123',
          holderName: 'Ada Lovelace',
        },
      });
    });
  });

  describe('when the number belongs to a known network', () => {
    it.each([
      ['4242424242424242', 'visa'],
      ['4222222222222', 'visa'],
      ['5555555555554444', 'mastercard'],
      ['2223003122003222', 'mastercard'],
      ['6011111111111117', 'discover'],
      ['6011000990139424', 'discover'],
      ['3056930009020004', 'diners'],
      ['36227206271667', 'diners'],
      ['3566002020360505', 'jcb'],
    ])('returns %s as %s', (number, brand) => {
      const result = validateCardInput(card({ number }), NOW);
      expect(result.ok && result.card.brand).toBe(brand);
    });

    it('returns American Express cards as amex when the CVC has four digits', () => {
      const result = validateCardInput(card({ number: '378282246310005', cvc: '1234' }), NOW);
      expect(result.ok && result.card.brand).toBe('amex');
      expect(result.ok && result.card.last4).toBe('0005');
    });
  });

  describe('when the number fails the Luhn check', () => {
    it('returns INVALID_NUMBER on number', () => {
      expect(errorsOf(card({ number: '4242424242424241' }))).toEqual([{ field: 'number', code: 'INVALID_NUMBER' }]);
    });
  });

  describe('when the number holds letters or is too short', () => {
    it('returns INVALID_NUMBER on number', () => {
      expect(errorsOf(card({ number: '4242a24242424242' }))).toEqual([{ field: 'number', code: 'INVALID_NUMBER' }]);
      expect(errorsOf(card({ number: '42' }))).toEqual([{ field: 'number', code: 'INVALID_NUMBER' }]);
      expect(errorsOf(card({ number: '' }))).toEqual([{ field: 'number', code: 'INVALID_NUMBER' }]);
    });
  });

  describe('when the number passes Luhn but has a length its network never issues', () => {
    it('returns INVALID_NUMBER on number', () => {
      expect(errorsOf(card({ number: '424242424242424' }))).toEqual([{ field: 'number', code: 'INVALID_NUMBER' }]);
      expect(errorsOf(card({ number: '55555555555544481' }))).toEqual([{ field: 'number', code: 'INVALID_NUMBER' }]);
    });
  });

  describe('when the number is from a network that is not accepted', () => {
    it('returns UNSUPPORTED_BRAND on number', () => {
      expect(errorsOf(card({ number: '6200000000000005' }))).toEqual([{ field: 'number', code: 'UNSUPPORTED_BRAND' }]);
    });
  });

  describe('when the CVC does not have the length of the brand', () => {
    it('returns INVALID_CVC on cvc', () => {
      expect(errorsOf(card({ cvc: '1234' }))).toEqual([{ field: 'cvc', code: 'INVALID_CVC' }]);
      expect(errorsOf(card({ cvc: '12' }))).toEqual([{ field: 'cvc', code: 'INVALID_CVC' }]);
      expect(errorsOf(card({ cvc: '12a' }))).toEqual([{ field: 'cvc', code: 'INVALID_CVC' }]);
      expect(errorsOf(card({ number: '378282246310005', cvc: '123' }))).toEqual([{ field: 'cvc', code: 'INVALID_CVC' }]);
    });
  });

  describe('when the expiry month is the current month', () => {
    it('returns the card as valid through its last day, UTC', () => {
      const june = card({ expMonth: 6, expYear: 2025 });
      expect(validateCardInput(june, new Date('2025-06-30T23:59:59.999Z')).ok).toBe(true);
    });
  });

  describe('when the expiry month ended', () => {
    it('returns EXPIRED on expMonth from the first instant of the next month', () => {
      expect(errorsOf(card({ expMonth: 6, expYear: 2025 }), new Date('2025-07-01T00:00:00Z'))).toEqual([
        { field: 'expMonth', code: 'EXPIRED' },
      ]);
    });
  });

  describe('when the expiry year is over', () => {
    it('returns EXPIRED on expYear', () => {
      expect(errorsOf(card({ expMonth: 12, expYear: 2024 }))).toEqual([{ field: 'expYear', code: 'EXPIRED' }]);
    });
  });

  describe('when the card expired in December and the year turned', () => {
    it('returns EXPIRED on expYear', () => {
      expect(errorsOf(card({ expMonth: 12, expYear: 2025 }), new Date('2026-01-01T00:00:00Z'))).toEqual([
        { field: 'expYear', code: 'EXPIRED' },
      ]);
    });
  });

  describe('when the expiry year has two digits', () => {
    it('returns it as a year of this century', () => {
      const result = validateCardInput(card({ expYear: 29 }), NOW);
      expect(result.ok && result.card.expYear).toBe(2029);
    });
  });

  describe('when the expiry month or year is out of range', () => {
    it('returns INVALID_MONTH and INVALID_YEAR', () => {
      expect(errorsOf(card({ expMonth: 13 }))).toEqual([{ field: 'expMonth', code: 'INVALID_MONTH' }]);
      expect(errorsOf(card({ expMonth: 0 }))).toEqual([{ field: 'expMonth', code: 'INVALID_MONTH' }]);
      expect(errorsOf(card({ expMonth: 1.5 }))).toEqual([{ field: 'expMonth', code: 'INVALID_MONTH' }]);
      expect(errorsOf(card({ expYear: 2099 }))).toEqual([{ field: 'expYear', code: 'INVALID_YEAR' }]);
      expect(errorsOf(card({ expYear: 1999 }))).toEqual([{ field: 'expYear', code: 'INVALID_YEAR' }]);
    });
  });

  describe('when several fields are wrong', () => {
    it('returns one error per field, in field order, each with a message', () => {
      const result = validateCardInput({ number: '1234', expMonth: 14, expYear: 2020, cvc: 'x' }, NOW);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors.map((error) => error.field)).toEqual(['number', 'expMonth', 'cvc']);
      for (const error of result.errors) expect(error.message).not.toBe('');
    });
  });
});
