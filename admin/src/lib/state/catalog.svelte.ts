import { query } from '$lib/graphql/client.ts';
import { CatalogQuery, type CatalogAddOn, type CatalogProduct, type CatalogProductType } from '$lib/graphql/catalog.ts';
import { count, money } from '$lib/format.ts';
import { Resource } from './resource.svelte.ts';

/** The product catalog at today's prices: product types, their products (edition × tier) and add-ons. */
export class Catalog extends Resource<CatalogProductType[]> {
  constructor() {
    super(async () => (await query(CatalogQuery, {})).catalog);
  }

  get types(): CatalogProductType[] {
    return this.data ?? [];
  }

  type(id: string | null | undefined): CatalogProductType | undefined {
    return this.types.find((t) => t.id === id);
  }

  typeOfProduct(productId: string): CatalogProductType | undefined {
    return this.types.find((t) => t.products.some((p) => p.id === productId));
  }

  product(id: string | null | undefined): CatalogProduct | undefined {
    for (const t of this.types) {
      const found = t.products.find((p) => p.id === id);
      if (found) return found;
    }
    return undefined;
  }
}

/** The add-ons of a product type that may be leased with the product's edition. */
export function addOnsFitting(type: CatalogProductType, product: CatalogProduct): CatalogAddOn[] {
  return type.addOns.filter((a) => a.editions.includes(product.edition));
}

/** An add-on's monthly price at the product's tier, or null when it has no price for that tier. */
export function addOnPrice(addOn: CatalogAddOn, product: CatalogProduct): number | null {
  return addOn.prices.find((p) => p.tierRank === product.tierRank)?.monthlyPriceCents ?? null;
}

/** What a full month of a product with add-ons costs at today's prices. */
export function monthlyPrice(product: CatalogProduct, addOns: readonly CatalogAddOn[]): number {
  return addOns.reduce((sum, a) => sum + (addOnPrice(a, product) ?? 0), product.monthlyPriceCents);
}

export function editionLabel(edition: string): string {
  return edition === 'ENTERPRISE' ? 'Enterprise' : 'Professional';
}

/**
 * A product as a choice in a select whose label names the unit: "Professional 1,000 — $22.00/mo". Short
 * enough that the chosen one shows whole in a phone-wide select (with the unit, "… Unlimited mailboxes —
 * $45.00/mo" was cut).
 */
export function productChoice(product: Pick<CatalogProduct, 'edition' | 'tierSize' | 'monthlyPriceCents'>): string {
  return `${editionLabel(product.edition)} ${product.tierSize === null ? 'Unlimited' : count(product.tierSize)} — ${money(product.monthlyPriceCents)}/mo`;
}
