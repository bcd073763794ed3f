import { Prisma, type Db, type Edition } from '@leaseboard/db';
import { currentPricesCtes, rollupScopeSql, runReport, toNumber, type ReportScope } from './report-sql.ts';

export interface SpendLine {
  /** Active leases. */
  leases: number;
  /** Their monthly price at the prices in force now, in cents: product plus add-ons. */
  monthlySpendCents: number;
}

export interface ProductSpend extends SpendLine {
  productId: number;
  productTypeId: number;
  sku: string;
  name: string;
  edition: Edition;
  /** The product part of monthlySpendCents (leases × the product's price). */
  productCents: number;
  /** The add-on part of monthlySpendCents (the add-ons on these leases at this product's tier rank). */
  addOnCents: number;
}

export interface ProductTypeSpend extends SpendLine {
  productTypeId: number;
  code: string;
  name: string;
}

export interface EditionSpend extends SpendLine {
  productTypeId: number;
  edition: Edition;
}

export interface AddOnSpend extends SpendLine {
  addOnId: number;
  productTypeId: number;
  sku: string;
  name: string;
}

export interface SpendByProductReport {
  at: Date;
  total: SpendLine;
  productTypes: ProductTypeSpend[];
  editions: EditionSpend[];
  products: ProductSpend[];
  /** Add-on lines count the leases carrying the add-on; their cents are part of the products' totals. */
  addOns: AddOnSpend[];
}

interface Row {
  productId: number;
  productTypeId: number;
  typeCode: string;
  typeName: string;
  typeSort: number;
  sku: string;
  name: string;
  edition: Edition;
  tierRank: number;
  addOnId: number | null;
  addOnSku: string | null;
  addOnName: string | null;
  leases: number;
  cents: bigint;
}

/**
 * Active leases and their current monthly spend by product type, edition, product and add-on. One
 * statement returns a row per product (leases, leases × price) and per (product, add-on) (leases with the
 * add-on, leases × the add-on's price at the product's tier rank), counted from the ActiveLeaseTally and
 * ActiveAddOnTally rollups (kept by triggers on every write to Lease and LeaseAddOn) and priced here at
 * `now`; the few dozen rows are rolled up here.
 */
export async function sumSpendByProduct(db: Db, scope: ReportScope, now: Date): Promise<SpendByProductReport> {
  const rows = await runReport<Row>(db, Prisma.sql`
    WITH ${currentPricesCtes(now)},
    per_product AS (
      SELECT t."productId", sum(t.leases)::int AS leases
      FROM "ActiveLeaseTally" t WHERE TRUE ${rollupScopeSql('t', scope)}
      GROUP BY t."productId" HAVING sum(t.leases) > 0
    ),
    per_addon AS (
      SELECT t."productId", t."addOnId", sum(t.leases)::int AS leases
      FROM "ActiveAddOnTally" t WHERE TRUE ${rollupScopeSql('t', scope)}
      GROUP BY t."productId", t."addOnId" HAVING sum(t.leases) > 0
    ),
    lines AS (
      SELECT x."productId", NULL::int AS "addOnId", x.leases, x.leases::bigint * coalesce(pp."amountCents", 0) AS cents
      FROM per_product x LEFT JOIN pp ON pp."productId" = x."productId"
      UNION ALL
      SELECT y."productId", y."addOnId", y.leases, y.leases::bigint * coalesce(ap."amountCents", 0)
      FROM per_addon y
      JOIN "Product" p ON p.id = y."productId"
      LEFT JOIN ap ON ap."addOnId" = y."addOnId" AND ap."tierRank" = p."tierRank"
    )
    SELECT p.id AS "productId", p."productTypeId", t.code AS "typeCode", t.name AS "typeName", t."sortOrder" AS "typeSort",
           p.sku, p.name, p.edition::text AS edition, p."tierRank",
           a.id AS "addOnId", a.sku AS "addOnSku", a.name AS "addOnName",
           lines.leases, lines.cents
    FROM lines
    JOIN "Product" p ON p.id = lines."productId"
    JOIN "ProductType" t ON t.id = p."productTypeId"
    LEFT JOIN "AddOn" a ON a.id = lines."addOnId"
    ORDER BY t."sortOrder", t.id, p.edition, p."tierRank", p.id, a.id NULLS FIRST`);
  return rollUp(rows, now);
}

function rollUp(rows: readonly Row[], at: Date): SpendByProductReport {
  const total: SpendLine = { leases: 0, monthlySpendCents: 0 };
  const types = new Map<number, ProductTypeSpend>();
  const editions = new Map<string, EditionSpend>();
  const products = new Map<number, ProductSpend>();
  const addOns = new Map<number, AddOnSpend>();
  for (const row of rows) {
    const cents = toNumber(row.cents);
    const type = getOrAdd(types, row.productTypeId, () => ({ productTypeId: row.productTypeId, code: row.typeCode, name: row.typeName, leases: 0, monthlySpendCents: 0 }));
    const edition = getOrAdd(editions, `${row.productTypeId}:${row.edition}`, () => ({ productTypeId: row.productTypeId, edition: row.edition, leases: 0, monthlySpendCents: 0 }));
    const product = getOrAdd(products, row.productId, () => ({
      productId: row.productId,
      productTypeId: row.productTypeId,
      sku: row.sku,
      name: row.name,
      edition: row.edition,
      leases: 0,
      monthlySpendCents: 0,
      productCents: 0,
      addOnCents: 0,
    }));
    for (const line of [total, type, edition, product]) line.monthlySpendCents += cents;
    if (row.addOnId === null) {
      for (const line of [total, type, edition, product]) line.leases += row.leases;
      product.productCents += cents;
    } else {
      product.addOnCents += cents;
      const addOn = getOrAdd(addOns, row.addOnId, () => ({ addOnId: row.addOnId!, productTypeId: row.productTypeId, sku: row.addOnSku!, name: row.addOnName!, leases: 0, monthlySpendCents: 0 }));
      addOn.leases += row.leases;
      addOn.monthlySpendCents += cents;
    }
  }
  return {
    at,
    total,
    productTypes: [...types.values()],
    editions: [...editions.values()],
    products: [...products.values()],
    addOns: [...addOns.values()].sort((a, b) => a.productTypeId - b.productTypeId || a.addOnId - b.addOnId),
  };
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}
