import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOn, catalogOf, createPartner, product, signedInUser } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';

const SET_PRODUCT = `mutation($input: SetProductPriceInput!) {
  setProductPrice(input: $input) { price { amountCents currency effectiveFrom product { sku } } userErrors { code field } } }`;
const SET_ADDON = `mutation($input: SetAddOnPriceInput!) {
  setAddOnPrice(input: $input) { price { tierRank amountCents effectiveFrom addOn { code } } userErrors { code field } } }`;
const PRICE_OF = `query($id: ID!) { node(id: $id) { ... on Product { monthlyPriceCents } } }`;

let t: TestApp;
let admin: { headers: Record<string, string> };
beforeAll(async () => {
  t = await createTestApp({ now: '2025-03-10T12:00:00Z' });
  admin = await signedInUser(t.db, t.clock, null, 'ADMIN');
});
afterAll(() => t.close());

const at = (offsetMs: number) => new Date(t.clock.now().getTime() + offsetMs).toISOString();

describe('setProductPrice', () => {
  describe('when vendor staff schedule a price for later', () => {
    it('returns it, keeps the current price until then, and charges the new one from then on', async () => {
      const sku = product(await catalogOf(t.db), 'SM-PRO-500');
      const before = (await t.gql<{ node: { monthlyPriceCents: number } }>(PRICE_OF, { id: sku.gid })).data.node.monthlyPriceCents;
      const effectiveFrom = at(86_400_000);
      const response = await t.gql(SET_PRODUCT, { input: { productId: sku.gid, amountCents: 1799, effectiveFrom } }, admin.headers);
      expect(response.data).toEqual({
        setProductPrice: { price: { amountCents: 1799, currency: 'USD', effectiveFrom, product: { sku: 'SM-PRO-500' } }, userErrors: [] },
      });
      expect((await t.gql<{ node: { monthlyPriceCents: number } }>(PRICE_OF, { id: sku.gid })).data.node.monthlyPriceCents).toBe(before);
      t.clock.advance(86_400_000);
      expect((await t.gql<{ node: { monthlyPriceCents: number } }>(PRICE_OF, { id: sku.gid })).data.node.monthlyPriceCents).toBe(1799);
      const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'catalog.set_product_price' } });
      expect(audit).toMatchObject({ partnerId: null, targetType: 'Product', after: { sku: 'SM-PRO-500', amountCents: 1799, effectiveFrom } });
    });
  });

  describe('when the price would start before now', () => {
    it('returns PRICE_BACKDATED and stores nothing', async () => {
      const sku = product(await catalogOf(t.db), 'SM-PRO-100');
      const count = await t.db.productPrice.count({ where: { productId: sku.id } });
      const response = await t.gql(SET_PRODUCT, { input: { productId: sku.gid, amountCents: 1, effectiveFrom: at(-1) } }, admin.headers);
      expect(response.data).toEqual({ setProductPrice: { price: null, userErrors: [{ code: 'PRICE_BACKDATED', field: ['effectiveFrom'] }] } });
      expect(await t.db.productPrice.count({ where: { productId: sku.id } })).toBe(count);
    });
  });

  describe('when the price starts exactly now', () => {
    it('is accepted and in force at once', async () => {
      const sku = product(await catalogOf(t.db), 'SM-PRO-1000');
      const response = await t.gql<{ setProductPrice: { userErrors: unknown[] } }>(SET_PRODUCT, { input: { productId: sku.gid, amountCents: 2345, effectiveFrom: at(0) } }, admin.headers);
      expect(response.data.setProductPrice.userErrors).toEqual([]);
      expect((await t.gql<{ node: { monthlyPriceCents: number } }>(PRICE_OF, { id: sku.gid })).data.node.monthlyPriceCents).toBe(2345);
    });
  });

  describe('when a price is scheduled twice for the same instant', () => {
    it('replaces the first and records both amounts in the audit log', async () => {
      const sku = product(await catalogOf(t.db), 'ST-PRO-5');
      const effectiveFrom = at(7 * 86_400_000);
      await t.gql(SET_PRODUCT, { input: { productId: sku.gid, amountCents: 1300, effectiveFrom } }, admin.headers);
      await t.gql(SET_PRODUCT, { input: { productId: sku.gid, amountCents: 1400, effectiveFrom } }, admin.headers);
      expect(await t.db.productPrice.findMany({ where: { productId: sku.id, effectiveFrom: new Date(effectiveFrom) }, select: { amountCents: true } })).toEqual([
        { amountCents: 1400 },
      ]);
      const last = await t.db.auditLog.findFirstOrThrow({ where: { action: 'catalog.set_product_price', targetId: String(sku.id) }, orderBy: { id: 'desc' } });
      expect(last).toMatchObject({ before: { amountCents: 1300 }, after: { amountCents: 1400 } });
    });
  });

  describe('when the amount is negative', () => {
    it('is refused by the input shape', async () => {
      const sku = product(await catalogOf(t.db), 'SM-PRO-100');
      const before = await t.db.productPrice.count({ where: { productId: sku.id } });
      const response = await t.gql(SET_PRODUCT, { input: { productId: sku.gid, amountCents: -5, effectiveFrom: at(1000) } }, admin.headers);
      expect(response.data).toBeNull();
      expect(response.errors?.map((e) => [e.message, e.path])).toEqual([['Validation error: input.amountCents: Too small: expected number to be >=0', ['setProductPrice']]]);
      expect(await t.db.productPrice.count({ where: { productId: sku.id } })).toBe(before);
    });
  });

  describe('when the amount is not a whole number of cents in range', () => {
    it.each([
      ['a fraction', 12.5],
      ['a string of digits', '1299'],
      ['2^53, past what a JSON number holds exactly', 2 ** 53],
    ])('refuses %s by the Cents scalar and stores nothing', async (_name, amountCents) => {
      const sku = product(await catalogOf(t.db), 'SM-PRO-100');
      const before = await t.db.productPrice.count({ where: { productId: sku.id } });
      const response = await t.gql(SET_PRODUCT, { input: { productId: sku.gid, amountCents, effectiveFrom: at(1000) } }, admin.headers);
      expect(response.data).toBeUndefined();
      expect(response.errors?.map((e) => e.message)).toEqual([
        expect.stringContaining('Cents must be a whole number of cents from -9007199254740991 to 9007199254740991, sent as a JSON number'),
      ]);
      expect(await t.db.productPrice.count({ where: { productId: sku.id } })).toBe(before);
    });

    it('refuses a fractional literal in the query text the same way', async () => {
      const sku = product(await catalogOf(t.db), 'SM-PRO-100');
      const response = await t.gql(`mutation { setProductPrice(input: { productId: "${sku.gid}", amountCents: 12.5, effectiveFrom: "${at(1000)}" }) { userErrors { code } } }`, {}, admin.headers);
      expect(response.errors?.map((e) => e.message)).toEqual([expect.stringContaining('Cents must be a whole number of cents from -9007199254740991 to 9007199254740991, sent as a JSON number; got 12.5')]);
    });
  });

  describe('when a partner owner tries', () => {
    it('is refused', async () => {
      const owner = await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'OWNER');
      const sku = product(await catalogOf(t.db), 'SM-PRO-100');
      const response = await t.gql(SET_PRODUCT, { input: { productId: sku.gid, amountCents: 1, effectiveFrom: at(1000) } }, owner.headers);
      expect(response.errors?.[0]?.message).toMatch(/Not authorized/);
    });
  });
});

describe('setAddOnPrice', () => {
  describe('when vendor staff schedule a tier price for later', () => {
    it('returns it and it applies to that tier rank from then on', async () => {
      const activeSync = addOn(await catalogOf(t.db), 'ACTIVESYNC');
      const effectiveFrom = at(3_600_000);
      const response = await t.gql(SET_ADDON, { input: { addOnId: activeSync.gid, tierRank: 2, amountCents: 650, effectiveFrom } }, admin.headers);
      expect(response.data).toEqual({
        setAddOnPrice: { price: { tierRank: 2, amountCents: 650, effectiveFrom, addOn: { code: 'ACTIVESYNC' } }, userErrors: [] },
      });
      t.clock.advance(3_600_000);
      const prices = await t.gql<{ node: { prices: { tierRank: number; monthlyPriceCents: number }[] } }>(
        `query($id: ID!) { node(id: $id) { ... on AddOn { prices { tierRank monthlyPriceCents } } } }`,
        { id: activeSync.gid },
      );
      expect(prices.data.node.prices.find((p) => p.tierRank === 2)?.monthlyPriceCents).toBe(650);
    });
  });

  describe('when back-dated', () => {
    it('returns PRICE_BACKDATED', async () => {
      const antispam = addOn(await catalogOf(t.db), 'PREMIUM_ANTISPAM');
      const response = await t.gql(SET_ADDON, { input: { addOnId: antispam.gid, tierRank: 0, amountCents: 100, effectiveFrom: '2020-01-01T00:00:00Z' } }, admin.headers);
      expect(response.data).toEqual({ setAddOnPrice: { price: null, userErrors: [{ code: 'PRICE_BACKDATED', field: ['effectiveFrom'] }] } });
    });
  });

  describe('when the tier rank does not exist for the product type', () => {
    it('returns TIER_RANK_NOT_FOUND', async () => {
      const antispam = addOn(await catalogOf(t.db), 'PREMIUM_ANTISPAM');
      const response = await t.gql(SET_ADDON, { input: { addOnId: antispam.gid, tierRank: 42, amountCents: 100, effectiveFrom: at(1000) } }, admin.headers);
      expect(response.data).toEqual({ setAddOnPrice: { price: null, userErrors: [{ code: 'TIER_RANK_NOT_FOUND', field: ['tierRank'] }] } });
    });
  });
});
