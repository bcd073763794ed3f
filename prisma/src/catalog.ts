/**
 * The lease catalog: monthly lease prices in USD cents, all effective from 2020-01-01T00:00:00Z.
 *
 * SmarterMail (mailboxes)      100     250     500   1,000   Unlimited
 *   Professional  SM-PRO-*      $6     $10     $15     $22     $45
 *   Enterprise    SM-ENT-*     $10     $16     $24     $36     $70
 *   Add-ons, price per tier rank:
 *   SM-AO-ACTIVESYNC   ActiveSync            Enterprise only   $2   $4   $6   $9  $18
 *   SM-AO-MAPIEWS      MAPI/EWS              Enterprise only   $3   $5   $8  $12  $24
 *   SM-AO-ANTISPAM     Premium Antispam      both editions     $1   $2   $3   $5  $10
 *   SM-AO-ZEROHOUR     Zero-hour Antivirus   both editions     $1   $2   $4   $6  $12
 *   SM-AO-SNIFFER      Message Sniffer       both editions     $1   $2   $3   $4   $8
 *
 * SmarterTrack (agents)          5      10      25      50   Unlimited
 *   Professional  ST-PRO-*     $12     $20     $40     $70    $120
 *   Enterprise    ST-ENT-*     $20     $32     $65    $110    $190
 *
 * SmarterStats (sites)          10      50     250   Unlimited
 *   Professional  SS-PRO-*      $4      $8     $15     $30
 *   Enterprise    SS-ENT-*      $6     $12     $24     $45
 *
 * SKUs: <prefix>-<PRO|ENT>-<tier size or UNL>; tierRank counts from 0 (smallest); tierSize null = Unlimited.
 */
import type { Db } from './client.ts';
import { Edition } from '../generated/enums.ts';

export const CATALOG_PRICES_EFFECTIVE_FROM = new Date('2020-01-01T00:00:00Z');

export type ProductTypeCode = 'SMARTERMAIL' | 'SMARTERTRACK' | 'SMARTERSTATS';

interface AddOnSpec {
  code: string;
  name: string;
  sku: string;
  editions: Edition[];
  /** Monthly price in cents for each tier rank of the product type. */
  pricesByRank: number[];
}

interface ProductTypeSpec {
  code: ProductTypeCode;
  name: string;
  unit: string;
  /** Two characters: the SKU prefix, and the license key prefix. */
  prefix: string;
  tiers: (number | null)[];
  prices: Record<Edition, number[]>;
  addOns: AddOnSpec[];
}

const BOTH: Edition[] = [Edition.PROFESSIONAL, Edition.ENTERPRISE];
const ENTERPRISE_ONLY: Edition[] = [Edition.ENTERPRISE];
const dollars = (...amounts: number[]) => amounts.map((amount) => amount * 100);

export const CATALOG: readonly ProductTypeSpec[] = [
  {
    code: 'SMARTERMAIL',
    name: 'SmarterMail',
    unit: 'mailboxes',
    prefix: 'SM',
    tiers: [100, 250, 500, 1000, null],
    prices: { PROFESSIONAL: dollars(6, 10, 15, 22, 45), ENTERPRISE: dollars(10, 16, 24, 36, 70) },
    addOns: [
      { code: 'ACTIVESYNC', name: 'ActiveSync', sku: 'SM-AO-ACTIVESYNC', editions: ENTERPRISE_ONLY, pricesByRank: dollars(2, 4, 6, 9, 18) },
      { code: 'MAPI_EWS', name: 'MAPI/EWS', sku: 'SM-AO-MAPIEWS', editions: ENTERPRISE_ONLY, pricesByRank: dollars(3, 5, 8, 12, 24) },
      { code: 'PREMIUM_ANTISPAM', name: 'Premium Antispam', sku: 'SM-AO-ANTISPAM', editions: BOTH, pricesByRank: dollars(1, 2, 3, 5, 10) },
      { code: 'ZERO_HOUR_ANTIVIRUS', name: 'Zero-hour Antivirus', sku: 'SM-AO-ZEROHOUR', editions: BOTH, pricesByRank: dollars(1, 2, 4, 6, 12) },
      { code: 'MESSAGE_SNIFFER', name: 'Message Sniffer', sku: 'SM-AO-SNIFFER', editions: BOTH, pricesByRank: dollars(1, 2, 3, 4, 8) },
    ],
  },
  {
    code: 'SMARTERTRACK',
    name: 'SmarterTrack',
    unit: 'agents',
    prefix: 'ST',
    tiers: [5, 10, 25, 50, null],
    prices: { PROFESSIONAL: dollars(12, 20, 40, 70, 120), ENTERPRISE: dollars(20, 32, 65, 110, 190) },
    addOns: [],
  },
  {
    code: 'SMARTERSTATS',
    name: 'SmarterStats',
    unit: 'sites',
    prefix: 'SS',
    tiers: [10, 50, 250, null],
    prices: { PROFESSIONAL: dollars(4, 8, 15, 30), ENTERPRISE: dollars(6, 12, 24, 45) },
    addOns: [],
  },
];

const EDITION_LABEL: Record<Edition, { sku: string; name: string }> = {
  PROFESSIONAL: { sku: 'PRO', name: 'Professional' },
  ENTERPRISE: { sku: 'ENT', name: 'Enterprise' },
};

export interface CatalogProduct {
  id: number;
  productTypeId: number;
  typeCode: ProductTypeCode;
  /** License key prefix: SM, ST or SS. */
  prefix: string;
  edition: Edition;
  tierRank: number;
  tierSize: number | null;
  sku: string;
  name: string;
  priceCents: number;
}

export interface CatalogAddOn {
  id: number;
  productTypeId: number;
  typeCode: ProductTypeCode;
  code: string;
  sku: string;
  name: string;
  editions: Edition[];
  pricesByRank: number[];
}

export interface Catalog {
  products: CatalogProduct[];
  addOns: CatalogAddOn[];
}

export function productSku(type: ProductTypeSpec, edition: Edition, tierSize: number | null): string {
  return `${type.prefix}-${EDITION_LABEL[edition].sku}-${tierSize ?? 'UNL'}`;
}

function productName(type: ProductTypeSpec, edition: Edition, tierSize: number | null): string {
  return `${type.name} ${EDITION_LABEL[edition].name} ${tierSize === null ? 'Unlimited' : tierSize.toLocaleString('en-US')} ${type.unit}`;
}

/**
 * Creates or updates the catalog (product types by code, products and add-ons by SKU, the 2020 prices by
 * their unique keys). Safe to run again: existing prices are never changed, since prices are never back-dated.
 */
export async function seedCatalog(db: Db): Promise<Catalog> {
  const catalog: Catalog = { products: [], addOns: [] };
  const effectiveFrom = CATALOG_PRICES_EFFECTIVE_FROM;
  for (const [sortOrder, type] of CATALOG.entries()) {
    const { id: productTypeId } = await db.productType.upsert({
      where: { code: type.code },
      create: { code: type.code, name: type.name, unit: type.unit, sortOrder },
      update: { name: type.name, unit: type.unit, sortOrder },
    });
    for (const edition of [Edition.PROFESSIONAL, Edition.ENTERPRISE]) {
      for (const [tierRank, tierSize] of type.tiers.entries()) {
        const sku = productSku(type, edition, tierSize);
        const name = productName(type, edition, tierSize);
        const priceCents = type.prices[edition][tierRank]!;
        const { id } = await db.product.upsert({
          where: { sku },
          create: { productTypeId, edition, tierRank, tierSize, sku, name },
          update: { name },
        });
        await db.productPrice.upsert({
          where: { productId_effectiveFrom: { productId: id, effectiveFrom } },
          create: { productId: id, effectiveFrom, amountCents: priceCents, createdAt: effectiveFrom },
          update: {},
        });
        catalog.products.push({ id, productTypeId, typeCode: type.code, prefix: type.prefix, edition, tierRank, tierSize, sku, name, priceCents });
      }
    }
    for (const addOn of type.addOns) {
      const { id } = await db.addOn.upsert({
        where: { sku: addOn.sku },
        create: { productTypeId, code: addOn.code, name: addOn.name, sku: addOn.sku, editions: addOn.editions },
        update: { name: addOn.name, editions: addOn.editions },
      });
      for (const [tierRank, amountCents] of addOn.pricesByRank.entries()) {
        await db.addOnPrice.upsert({
          where: { addOnId_tierRank_effectiveFrom: { addOnId: id, tierRank, effectiveFrom } },
          create: { addOnId: id, tierRank, effectiveFrom, amountCents, createdAt: effectiveFrom },
          update: {},
        });
      }
      catalog.addOns.push({ id, productTypeId, typeCode: type.code, code: addOn.code, sku: addOn.sku, name: addOn.name, editions: addOn.editions, pricesByRank: addOn.pricesByRank });
    }
  }
  return catalog;
}
