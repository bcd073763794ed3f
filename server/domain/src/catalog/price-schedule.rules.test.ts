import { describe, expect, it } from 'vitest';
import { checkNewPrice } from './price-schedule.rules.ts';

const now = new Date('2025-03-10T12:00:00Z');

describe('checkNewPrice', () => {
  describe('when the price starts now or later', () => {
    it('returns no error', () => {
      expect(checkNewPrice(1500, now, now)).toEqual([]);
      expect(checkNewPrice(0, new Date('2025-04-01T00:00:00Z'), now)).toEqual([]);
    });
  });

  describe('when the price would start even a millisecond in the past', () => {
    it('returns PRICE_BACKDATED on effectiveFrom', () => {
      expect(checkNewPrice(1500, new Date(now.getTime() - 1), now)).toEqual([
        expect.objectContaining({ code: 'PRICE_BACKDATED', field: ['effectiveFrom'] }),
      ]);
    });
  });

  describe('when the amount is negative or not whole cents', () => {
    it('returns INVALID_AMOUNT', () => {
      expect(checkNewPrice(-1, now, now)[0]?.code).toBe('INVALID_AMOUNT');
      expect(checkNewPrice(12.5, now, now)[0]?.code).toBe('INVALID_AMOUNT');
    });
  });
});
