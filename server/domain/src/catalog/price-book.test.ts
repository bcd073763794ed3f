import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOn, catalogOf, product } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { forgetPriceBook, priceBook } from './price-book.ts';

let t: TestServices;
beforeAll(async () => {
  t = await createTestServices();
});
afterAll(() => t.close());

describe('the price book', () => {
  it('answers the latest price effective at or before the instant, and nothing before the first one', async () => {
    const catalog = await catalogOf(t.db);
    const { id } = product(catalog, 'ST-PRO-5');
    const first = (await t.db.productPrice.findFirstOrThrow({ where: { productId: id }, orderBy: { effectiveFrom: 'asc' } })).effectiveFrom;
    await t.db.productPrice.create({ data: { productId: id, amountCents: 4321, effectiveFrom: new Date('2030-03-01T00:00:00Z') } });
    forgetPriceBook(t.db);
    const book = await priceBook(t.db);

    expect(book.productPrice(id, new Date('2030-02-28T23:59:59.999Z'))).toBe(1200);
    expect(book.productPrice(id, new Date('2030-03-01T00:00:00Z'))).toBe(4321);
    expect(book.productPrice(id, new Date(first.getTime() - 1))).toBeNull();
    expect(book.addOnPrice(addOn(catalog, 'ACTIVESYNC').id, 99, new Date('2030-01-01T00:00:00Z'))).toBeNull();
  });

  it('is read once and kept until it is forgotten (a price scheduled through a use case forgets it)', async () => {
    const catalog = await catalogOf(t.db);
    const { id } = product(catalog, 'SS-PRO-10');
    const at = new Date('2031-01-01T00:00:00Z');
    const kept = await priceBook(t.db);
    await t.db.productPrice.create({ data: { productId: id, amountCents: 999, effectiveFrom: new Date('2030-12-01T00:00:00Z') } });

    expect(await priceBook(t.db)).toBe(kept);
    expect((await priceBook(t.db)).productPrice(id, at)).toBe(400);
    forgetPriceBook(t.db);
    expect((await priceBook(t.db)).productPrice(id, at)).toBe(999);
  });
});
