import { graphql, type ResultOf, type VariablesOf } from './graphql.ts';

export const CustomersQuery = graphql(`
  query Customers($filter: CustomerFilter, $first: Int, $after: String, $last: Int, $before: String) {
    customers(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      totalCountIsExact
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id
          email
          name
          company
          createdAt
          leases(first: 1) { totalCount }
        }
      }
    }
  }
`);

export type CustomersPage = ResultOf<typeof CustomersQuery>['customers'];
export type CustomerFilter = NonNullable<VariablesOf<typeof CustomersQuery>['filter']>;

export const CustomerLeasesQuery = graphql(`
  query CustomerLeases($id: ID!) {
    node(id: $id) {
      ... on Customer {
        id
        leases(first: 50) {
          totalCount
          edges {
            node { id leaseNumber status startedAt stoppedAt machineName monthlyPriceCents product { name } addOns { id name } }
          }
        }
      }
    }
  }
`);

export type CustomerLeases = NonNullable<Extract<ResultOf<typeof CustomerLeasesQuery>['node'], { leases: unknown }>>['leases'];

export const StartCustomerExportMutation = graphql(`
  mutation StartCustomerExport($input: StartCustomerExportInput!) {
    startCustomerExport(input: $input) {
      export { id status progress rowsDone totalRows downloadUrl error }
      userErrors { code message field }
    }
  }
`);

export const ExportQuery = graphql(`
  query Export($id: ID!) {
    export(id: $id) { id status progress rowsDone totalRows downloadUrl error createdAt }
  }
`);

export type CustomerExport = NonNullable<ResultOf<typeof ExportQuery>['export']>;

export const ExportProgressSubscription = graphql(`
  subscription ExportProgress($id: ID!) {
    exportProgress(id: $id) { id status progress rowsDone totalRows downloadUrl error createdAt }
  }
`);
