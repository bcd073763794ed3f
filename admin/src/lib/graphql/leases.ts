import { graphql, type ResultOf, type VariablesOf } from './graphql.ts';

export const LeaseRowFields = graphql(`
  fragment LeaseRow on Lease {
    id
    leaseNumber
    status
    startedAt
    machineName
    monthlyPriceCents
    customer { email name }
    product { name edition tierLabel productType { name } }
    addOns { id name }
  }
`);

export const LeasesQuery = graphql(
  `
  query Leases($filter: LeaseFilter, $first: Int, $after: String, $last: Int, $before: String) {
    leases(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      totalCountIsExact
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { ...LeaseRow } }
    }
  }
`,
  [LeaseRowFields],
);

export type LeasesVariables = VariablesOf<typeof LeasesQuery>;
export type LeaseFilter = NonNullable<LeasesVariables['filter']>;

export const LeaseDetailsQuery = graphql(`
  query LeaseDetails($leaseNumber: Int!) {
    lease(leaseNumber: $leaseNumber) {
      id
      leaseNumber
      licenseKey
      status
      version
      startedAt
      stoppedAt
      machineName
      lastSeenAt
      monthlyPriceCents
      sendKeyTo
      externalRef
      customer { email name company }
      product { id name edition tierLabel tierRank productType { id name } }
      addOns { id name }
      history {
        version
        action
        actor
        effectiveAt
        fromProduct { name }
        toProduct { name }
        fromAddOnIds
        toAddOnIds
      }
      activations { serverName ip firstSeenAt lastSeenAt supersededAt deactivatedAt flaggedAt }
    }
  }
`);

export type LeaseDetails = NonNullable<ResultOf<typeof LeaseDetailsQuery>['lease']>;


export const StartLeaseMutation = graphql(`
  mutation StartLease($input: StartLeaseInput!) {
    startLease(input: $input) {
      lease { id leaseNumber licenseKey sendKeyTo }
      userErrors { code message field }
    }
  }
`);

export const ModifyLeaseMutation = graphql(`
  mutation ModifyLease($input: ModifyLeaseInput!) {
    modifyLease(input: $input) {
      lease { id version monthlyPriceCents }
      userErrors { code message field }
    }
  }
`);

export const StopLeaseMutation = graphql(`
  mutation StopLease($input: StopLeaseInput!) {
    stopLease(input: $input) {
      lease { id status stoppedAt version }
      userErrors { code message field }
    }
  }
`);

export type LeaseUserError = NonNullable<ResultOf<typeof StopLeaseMutation>['stopLease']['userErrors']>[number];
