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

/** For Partner filters: the first 100 partners by company name. */
export const PartnerOptionsQuery = graphql(`
  query PartnerOptions {
    partners(first: 100) { edges { node { id company } } }
  }
`);

export const VendorPartnerQuery = graphql(`
  query VendorPartner($id: ID!) {
    node(id: $id) {
      ... on Partner {
        id company contactName contactEmail phone billingEmail status createdAt activeLeaseCount invoicedCents
        addressLine1 addressLine2 city region postalCode country
        users { id name email role active lastLoginAt }
      }
    }
  }
`);

export type VendorPartner = NonNullable<ResultOf<typeof VendorPartnerQuery>['node']>;

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

export const SetPartnerStatusMutation = graphql(`
  mutation SetPartnerStatus($input: SetPartnerStatusInput!) {
    setPartnerStatus(input: $input) {
      partner { id status }
      userErrors { code message field }
    }
  }
`);
