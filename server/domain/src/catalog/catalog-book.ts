import type { AddOnModel as AddOn, Db, ProductModel as Product, ProductTypeModel as ProductType } from '@leaseboard/db';
import { perClientCache } from '../per-client-cache.ts';

/**
 * The vendor's catalog: every product type, product and add-on (a few dozen rows), read in one go and
 * answered from memory, so a page of leases shows each lease's product and add-ons without a query.
 * Only the catalog sync at start-up writes these tables; the book is kept per database client for
 * CATALOG_BOOK_TTL_MS, and an id it does not know reads it again at once (another process may have synced
 * a newer catalog).
 */
export interface CatalogBook {
  productTypes: ReadonlyMap<number, ProductType>;
  products: ReadonlyMap<number, Product>;
  addOns: ReadonlyMap<number, AddOn>;
}

export const CATALOG_BOOK_TTL_MS = 5_000;

const books = perClientCache(readCatalogBook, CATALOG_BOOK_TTL_MS);

/**
 * What `pick` finds in the catalog. When it finds nothing the catalog is read again once; a row that is
 * still missing is an error (every reference to the catalog is a foreign key).
 */
export function fromCatalog<T>(db: Db, pick: (book: CatalogBook) => T | undefined): T | Promise<T> {
  const book = books.fresh(db);
  const known = book && pick(book);
  return known !== undefined ? known : readCatalogFor(db, pick);
}

async function readCatalogFor<T>(db: Db, pick: (book: CatalogBook) => T | undefined): Promise<T> {
  const found = pick(await books.get(db));
  if (found !== undefined) return found;
  books.forget(db);
  const again = pick(await books.get(db));
  if (again === undefined) throw new Error('not in the catalog, read again just now');
  return again;
}

/** Every one of `ids` from the map, in their order; undefined when one is missing. */
export function allOf<T>(byId: ReadonlyMap<number, T>, ids: readonly number[]): T[] | undefined {
  const found: T[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (row === undefined) return undefined;
    found.push(row);
  }
  return found;
}

async function readCatalogBook(db: Db): Promise<CatalogBook> {
  const [productTypes, products, addOns] = await Promise.all([db.productType.findMany(), db.product.findMany(), db.addOn.findMany()]);
  const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
  return { productTypes: byId(productTypes), products: byId(products), addOns: byId(addOns) };
}
