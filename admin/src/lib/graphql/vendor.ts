import { graphql, type ResultOf } from './graphql.ts';

export const PartnersQuery = graphql(`
  query Partners($filter: PartnersFilter, $first: Int, $after: String, $last: Int, $before: String) {
    partners(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node { id company contactName contactEmail billingEmail phone country status activeLeaseCount createdAt }
      }
    }
  }
`);

export type PartnersPage = ResultOf<typeof PartnersQuery>['partners'];

export const VendorCatalogQuery = graphql(`
  query VendorCatalog {
    catalog {
      id
      name
      unit
      products(includeInactive: true) {
        id sku name edition tierLabel tierRank active monthlyPriceCents
        datedPrices { effectiveFrom amountCents }
      }
      addOns { id sku name editions prices { tierRank monthlyPriceCents } datedPrices { tierRank effectiveFrom amountCents } }
    }
  }
`);

export type VendorCatalog = ResultOf<typeof VendorCatalogQuery>['catalog'];

export const SetProductPriceMutation = graphql(`
  mutation SetProductPrice($input: SetProductPriceInput!) {
    setProductPrice(input: $input) {
      price { amountCents effectiveFrom product { id name } }
      userErrors { code message field }
    }
  }
`);

export const SetAddOnPriceMutation = graphql(`
  mutation SetAddOnPrice($input: SetAddOnPriceInput!) {
    setAddOnPrice(input: $input) {
      price { amountCents effectiveFrom tierRank addOn { id name } }
      userErrors { code message field }
    }
  }
`);

export const RunBillingMutation = graphql(`
  mutation RunBilling($input: RunBillingInput!) {
    runBilling(input: $input) {
      summary {
        period partners invoices invoicesCreated invoicesExisting invoicesFinalized totalCents durationMs
        charges { paid declined noCard inProgress gatewayErrors }
      }
      userErrors { code message field }
    }
  }
`);

export type BillingRunSummary = NonNullable<ResultOf<typeof RunBillingMutation>['runBilling']['summary']>;
