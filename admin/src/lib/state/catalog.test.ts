import { describe, expect, it } from 'vitest';
import type { CatalogProductType } from '$lib/graphql/catalog.ts';
import { addOnPrice, addOnsFitting, monthlyPrice, productChoice } from './catalog.svelte.ts';

const mail: CatalogProductType = {
  id: 'T1',
  code: 'SMARTERMAIL',
  name: 'SmarterMail',
  unit: 'mailboxes',
  products: [
    { id: 'P1', sku: 'SM-PRO-250', name: 'SmarterMail Professional 250 mailboxes', edition: 'PROFESSIONAL', tierLabel: '250 mailboxes', tierRank: 1, tierSize: 250, monthlyPriceCents: 1000 },
    { id: 'P2', sku: 'SM-ENT-500', name: 'SmarterMail Enterprise 500 mailboxes', edition: 'ENTERPRISE', tierLabel: '500 mailboxes', tierRank: 2, tierSize: 500, monthlyPriceCents: 2400 },
  ],
  addOns: [
    { id: 'A1', code: 'ACTIVESYNC', name: 'ActiveSync', editions: ['ENTERPRISE'], prices: [{ tierRank: 1, monthlyPriceCents: 400 }, { tierRank: 2, monthlyPriceCents: 600 }] },
    { id: 'A2', code: 'PREMIUM_ANTISPAM', name: 'Premium Antispam', editions: ['PROFESSIONAL', 'ENTERPRISE'], prices: [{ tierRank: 1, monthlyPriceCents: 200 }, { tierRank: 2, monthlyPriceCents: 300 }] },
  ],
};
const [pro250, ent500] = mail.products as [CatalogProductType['products'][number], CatalogProductType['products'][number]];

describe('addOnsFitting', () => {
  describe('when the product is Professional', () => {
    it('leaves out Enterprise-only add-ons', () => {
      expect(addOnsFitting(mail, pro250).map((a) => a.code)).toEqual(['PREMIUM_ANTISPAM']);
    });
  });

  describe('when the product is Enterprise', () => {
    it('offers every add-on', () => {
      expect(addOnsFitting(mail, ent500).map((a) => a.code)).toEqual(['ACTIVESYNC', 'PREMIUM_ANTISPAM']);
    });
  });
});

describe('monthlyPrice', () => {
  it('adds the add-ons at the product tier', () => {
    expect(addOnPrice(mail.addOns[1]!, pro250)).toBe(200);
    expect(monthlyPrice(ent500, mail.addOns)).toBe(2400 + 600 + 300);
    expect(monthlyPrice(pro250, [])).toBe(1000);
  });
});

describe('productChoice', () => {
  it('names the edition and tier size with separators, and the monthly price', () => {
    expect(productChoice({ edition: 'PROFESSIONAL', tierSize: 1000, monthlyPriceCents: 2200 })).toBe('Professional 1,000 — $22.00/mo');
    expect(productChoice({ edition: 'ENTERPRISE', tierSize: null, monthlyPriceCents: 7000 })).toBe('Enterprise Unlimited — $70.00/mo');
  });
});
