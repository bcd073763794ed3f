import { graphql, type ResultOf } from './graphql.ts';

export const InvoicesPageQuery = graphql(`
  query InvoicesPage($first: Int, $after: String, $last: Int, $before: String, $status: InvoiceStatus, $partnerId: ID, $withPartner: Boolean! = false) {
    invoices(first: $first, after: $after, last: $last, before: $before, status: $status, partnerId: $partnerId) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id number period status totalCents paidAt finalizedAt partner @include(if: $withPartner) { id company } } }
    }
  }
`);

export type InvoicesPage = ResultOf<typeof InvoicesPageQuery>['invoices'];

export const InvoiceHistoryQuery = graphql(`
  query InvoiceHistory {
    invoiceHistory(months: 13) { period status totalCents }
  }
`);

export type InvoiceHistory = ResultOf<typeof InvoiceHistoryQuery>['invoiceHistory'];

export const BillingPreviewQuery = graphql(`
  query BillingPreview {
    billingPreview {
      period
      asOf
      monthToDateCents
      projectedCents
      leases { leaseNumber customerEmail monthToDateCents projectedCents }
    }
  }
`);

export type BillingPreview = NonNullable<ResultOf<typeof BillingPreviewQuery>['billingPreview']>;

/** A page of an invoice's lines grouped by lease: the invoice page loads 50 leases, then 50 more on request. */
export const InvoiceLeasePageFragment = graphql(`
  fragment InvoiceLeasePage on InvoiceLeaseConnection {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        leaseNumber
        customerEmail
        subtotalCents
        lines { kind description sku priceCents days divisor fromDate toDate amountCents }
      }
    }
  }
`);

export const InvoiceLeasesQuery = graphql(`
  query InvoiceLeases($id: ID!, $after: String) {
    node(id: $id) {
      ... on Invoice { leases(first: 50, after: $after) { ...InvoiceLeasePage } }
    }
  }
`, [InvoiceLeasePageFragment]);

export type InvoiceLeasePage = ResultOf<typeof InvoiceLeasePageFragment>;

export const InvoiceDetailsQuery = graphql(`
  query InvoiceDetails($id: ID!) {
    node(id: $id) {
      ... on Invoice {
        id
        number
        period
        periodStart
        periodEnd
        status
        currency
        subtotalCents
        totalCents
        finalizedAt
        paidAt
        nextRetryAt
        pdfUrl
        leases(first: 50) { ...InvoiceLeasePage }
        paymentAttempts { attemptNumber status amountCents declineCode trigger createdAt card { brand last4 } }
      }
    }
  }
`, [InvoiceLeasePageFragment]);

export type InvoiceDetails = Extract<NonNullable<ResultOf<typeof InvoiceDetailsQuery>['node']>, { id: string; number: unknown }>;

export const PayInvoiceMutation = graphql(`
  mutation PayInvoice($input: PayInvoiceInput!) {
    payInvoice(input: $input) {
      invoice { id status paidAt }
      userErrors { code message field }
    }
  }
`);

export const EmailInvoiceMutation = graphql(`
  mutation EmailInvoice($input: EmailInvoiceInput!) {
    emailInvoice(input: $input) {
      invoice { id }
      userErrors { code message field }
    }
  }
`);

export const BillingEmailQuery = graphql(`
  query BillingEmail {
    partner { billingEmail }
  }
`);
