import { graphql, type ResultOf } from './graphql.ts';

export const CatalogQuery = graphql(`
  query Catalog {
    catalog {
      id
      code
      name
      unit
      products { id sku name edition tierLabel tierRank tierSize monthlyPriceCents }
      addOns {
        id
        code
        name
        editions
        prices { tierRank monthlyPriceCents }
      }
    }
  }
`);

export type CatalogProductType = ResultOf<typeof CatalogQuery>['catalog'][number];
export type CatalogProduct = CatalogProductType['products'][number];
export type CatalogAddOn = CatalogProductType['addOns'][number];
