import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogOf, product } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { allOf, fromCatalog } from './catalog-book.ts';

let t: TestServices;
beforeAll(async () => {
  t = await createTestServices();
});
afterAll(() => t.close());

describe('the catalog book', () => {
  it('answers every product type, product and add-on as Prisma reads them', async () => {
    const [types, products, addOns] = await Promise.all([t.db.productType.findMany(), t.db.product.findMany(), t.db.addOn.findMany()]);
    for (const row of types) expect(await fromCatalog(t.db, (c) => c.productTypes.get(row.id))).toStrictEqual(row);
    for (const row of products) expect(await fromCatalog(t.db, (c) => c.products.get(row.id))).toStrictEqual(row);
    for (const row of addOns) expect(await fromCatalog(t.db, (c) => c.addOns.get(row.id))).toStrictEqual(row);
  });

  it('answers at once, without waiting, once it has been read', async () => {
    const { id } = product(await catalogOf(t.db), 'ST-PRO-5');
    await fromCatalog(t.db, (c) => c.products.get(id));
    const answer = fromCatalog(t.db, (c) => c.products.get(id));
    expect(answer).not.toBeInstanceOf(Promise);
    expect(answer).toMatchObject({ id, sku: 'ST-PRO-5' });
  });

  it('reads the catalog again for an id it does not know (a newer catalog synced by another process)', async () => {
    const existing = await t.db.product.findUniqueOrThrow({ where: { id: product(await catalogOf(t.db), 'ST-PRO-5').id } });
    await fromCatalog(t.db, (c) => c.products.get(existing.id));
    const added = await t.db.product.create({
      data: { productTypeId: existing.productTypeId, edition: existing.edition, tierRank: 999, tierSize: 99_999, sku: 'BOOK-TEST-999', name: 'Added after the book was read' },
    });
    expect(await fromCatalog(t.db, (c) => c.products.get(added.id))).toStrictEqual(added);
    await t.db.product.delete({ where: { id: added.id } });
  });

  it('fails for an id that is in no catalog, even read again', async () => {
    await expect(fromCatalog(t.db, (c) => c.products.get(-1))).rejects.toThrow('not in the catalog');
  });

  describe('allOf', () => {
    it('gives the rows in the order of the ids, or undefined when one is missing', () => {
      const byId = new Map([[1, 'one'], [2, 'two']]);
      expect(allOf(byId, [2, 1])).toEqual(['two', 'one']);
      expect(allOf(byId, [])).toEqual([]);
      expect(allOf(byId, [1, 3])).toBeUndefined();
    });
  });
});
