/** GraphQL documents the lease tests share. */
export const LEASE_FIELDS = `
  id leaseNumber licenseKey status version startedAt stoppedAt externalRef sendKeyTo machineName monthlyPriceCents
  product { sku edition tierRank } addOns { code } customer { email name }
  history { version action actor fromProduct { sku } toProduct { sku } }`;

export const START = `mutation($input: StartLeaseInput!) { startLease(input: $input) { lease { ${LEASE_FIELDS} } userErrors { code field message } } }`;
export const MODIFY = `mutation($input: ModifyLeaseInput!) { modifyLease(input: $input) { lease { ${LEASE_FIELDS} } userErrors { code field message } } }`;
export const STOP = `mutation($input: StopLeaseInput!) { stopLease(input: $input) { lease { ${LEASE_FIELDS} } userErrors { code field message } } }`;
export const LEASES = `query($filter: LeaseFilter, $first: Int, $after: String) {
  leases(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${LEASE_FIELDS} } } } }`;

export interface LeaseView {
  id: string;
  leaseNumber: number;
  licenseKey: string;
  status: string;
  version: number;
  machineName: string | null;
  monthlyPriceCents: number;
  product: { sku: string; edition: string; tierRank: number };
  addOns: { code: string }[];
  customer: { email: string; name: string | null };
  history: { version: number; action: string; actor: string; fromProduct: { sku: string } | null; toProduct: { sku: string } | null }[];
}

export interface Payload {
  lease: LeaseView | null;
  userErrors: { code: string; field: string[] | null; message: string }[];
}
