import { graphql, type ResultOf, type VariablesOf } from './graphql.ts';

export const DashboardQuery = graphql(`
  query Dashboard($range: ReportRange!, $from: DateTime!, $to: DateTime!) {
    reports {
      activeLeases(range: $range) { start end activeLeases }
      invoiceTotals(from: $from, to: $to) {
        months { period totalCents paidCents outstandingCents }
        total { totalCents invoices }
      }
      leaseFlow(range: $range) {
        activeAtStart
        activeAtEnd
        periods { start started stopped netChange }
        totals { started stopped netChange }
      }
      spendByProduct {
        at
        products { productId name leases monthlySpendCents }
        total { leases monthlySpendCents }
      }
      topCustomers(limit: 10) { customerId email name company activeLeases monthlySpendCents }
    }
  }
`);

export type Dashboard = ResultOf<typeof DashboardQuery>['reports'];
export type DashboardVariables = VariablesOf<typeof DashboardQuery>;

export const IdleLeasesQuery = graphql(`
  query IdleLeases($first: Int, $after: String) {
    reports {
      idleLeases(first: $first, after: $after) {
        totalCount
        totalMonthlyCents
        idleAfterDays
        graceDays
        pageInfo { hasNextPage endCursor }
        edges {
          node { leaseNumber customerEmail productName machineName lastSeenAt startedAt reason idleDays monthlyCents }
        }
      }
    }
  }
`);

export type IdleLeases = ResultOf<typeof IdleLeasesQuery>['reports']['idleLeases'];

/** The overview's key figures: a year of active leases by month, this month's flow, run rate, idle leases, unpaid invoices. */
export const OverviewQuery = graphql(`
  query Overview($year: ReportRange!, $month: ReportRange!, $from: DateTime!, $to: DateTime!) {
    reports {
      activeLeases(range: $year) { start activeLeases }
      leaseFlow(range: $month) { totals { started stopped netChange } }
      spendByProduct { total { leases monthlySpendCents } }
      idleLeases(first: 1) { totalCount totalMonthlyCents }
      invoiceTotals(from: $from, to: $to) {
        months { period outstandingCents }
        total { outstandingCents }
      }
    }
  }
`);

export type Overview = ResultOf<typeof OverviewQuery>['reports'];
