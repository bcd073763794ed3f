import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogOf, createPartner, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

const CATALOG = `{ catalog { code unit products { sku name edition tierLabel monthlyPriceCents } addOns { code editions prices { tierRank monthlyPriceCents } } } }`;
const DATED = `{ catalog { products { sku datedPrices { effectiveFrom amountCents } } addOns { code datedPrices { tierRank amountCents } } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2025-06-01T00:00:00Z' });
  await catalogOf(t.db);
});
afterAll(() => t.close());

describe('catalog', () => {
  describe('when asked without signing in', () => {
    it('answers the product types, products and add-ons at the prices in force', async () => {
      const result = await t.gql<{ catalog: { code: string; unit: string; products: { sku: string; name: string; tierLabel: string; monthlyPriceCents: number }[]; addOns: { code: string; editions: string[]; prices: { tierRank: number; monthlyPriceCents: number }[] }[] }[] }>(CATALOG);
      expect(result.errors).toBeUndefined();
      expect(result.data.catalog.map((c) => [c.code, c.unit])).toEqual([
        ['SMARTERMAIL', 'mailboxes'],
        ['SMARTERTRACK', 'agents'],
        ['SMARTERSTATS', 'sites'],
      ]);
      const mail = result.data.catalog[0]!;
      expect(mail.products.find((p) => p.sku === 'SM-PRO-250')).toMatchObject({ tierLabel: '250 mailboxes', monthlyPriceCents: 1000 });
      expect(mail.products.find((p) => p.sku === 'SM-ENT-UNL')).toMatchObject({ tierLabel: 'Unlimited mailboxes', monthlyPriceCents: 7000 });
      // A product's name writes its tier as tierLabel does: "1,000", never "1000" beside it.
      expect(mail.products.find((p) => p.sku === 'SM-PRO-1000')).toMatchObject({ name: 'SmarterMail Professional 1,000 mailboxes', tierLabel: '1,000 mailboxes' });
      expect(mail.addOns.find((a) => a.code === 'ACTIVESYNC')?.editions).toEqual(['ENTERPRISE']);
      expect(mail.addOns.every((a) => a.prices.length === 5)).toBe(true);
      expect(result.data.catalog[2]!.products.find((p) => p.sku === 'SS-PRO-10')?.monthlyPriceCents).toBe(400);
    });
  });

  describe('when a price is scheduled for later', () => {
    it('keeps the price in force until then, and vendor staff see both dated prices', async () => {
      const product = await t.db.product.findUniqueOrThrow({ where: { sku: 'ST-PRO-5' } });
      const price = async () =>
        (await t.gql<{ catalog: { products: { sku: string; monthlyPriceCents: number }[] }[] }>(CATALOG)).data.catalog[1]!.products.find((p) => p.sku === 'ST-PRO-5')!.monthlyPriceCents;
      expect(await price()).toBe(1200);
      const vendor = await signedInUser(t.db, t.clock, null, 'ADMIN');
      const scheduled = await t.gql<{ setProductPrice: { userErrors: unknown[] } }>(
        `mutation($input: SetProductPriceInput!) { setProductPrice(input: $input) { userErrors { code } } }`,
        { input: { productId: encodeGlobalID('Product', product.id), amountCents: 1300, effectiveFrom: '2025-07-01T00:00:00Z' } },
        vendor.headers,
      );
      expect(scheduled.data.setProductPrice.userErrors).toEqual([]);
      expect(await price()).toBe(1200);
      t.clock.set('2025-07-01T00:00:00Z');
      expect(await price()).toBe(1300);

      const later = await signedInUser(t.db, t.clock, null, 'ADMIN');
      const dated = await t.gql<{ catalog: { products: { sku: string; datedPrices: { amountCents: number }[] }[] }[] }>(DATED, {}, later.headers);
      expect(dated.errors).toBeUndefined();
      expect(dated.data.catalog[1]!.products.find((p) => p.sku === 'ST-PRO-5')!.datedPrices.map((p) => p.amountCents)).toEqual([1300, 1200]);
    });
  });

  describe('when a partner asks for the dated prices', () => {
    it('is refused: the schedule is for vendor staff', async () => {
      const partner = await createPartner(t.db);
      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const result = await t.gql(DATED, {}, owner.headers);
      expect(result.errors?.[0]?.message).toMatch(/not authorized/i);
    });
  });
});
