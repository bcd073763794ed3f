/** The worked shopping-cart flow the Getting started section shows: each step as GraphQL and as curl, with its answer. */
export interface FlowStep {
  title: string;
  when: string;
  graphql: string;
  variables: Record<string, unknown>;
  answer: string;
}

export const CART_FLOW: readonly FlowStep[] = [
  {
    title: 'Start a lease',
    when: 'when an order is paid',
    graphql: `mutation Start($input: StartLeaseInput!) {
  startLease(input: $input) {
    lease { id leaseNumber licenseKey status version }
    userErrors { field message code }
  }
}`,
    variables: { input: { productId: '<product id from catalog>', customer: { email: 'jane@customer.example' }, externalRef: 'order-1042', idempotencyKey: 'order-1042-start' } },
    answer: `{ "data": { "startLease": { "lease": { "id": "TGVhc2U6NDI=", "leaseNumber": 42,
  "licenseKey": "SM-JNP2R-KFRY6-NBSDX-W4SQX", "status": "ACTIVE", "version": 1 }, "userErrors": [] } } }`,
  },
  {
    title: 'Modify it',
    when: 'when the customer upgrades',
    graphql: `mutation Modify($input: ModifyLeaseInput!) {
  modifyLease(input: $input) {
    lease { id version product { sku } addOns { code } }
    userErrors { field message code }
  }
}`,
    variables: { input: { leaseId: 'TGVhc2U6NDI=', productId: '<the new product id>', expectedVersion: 1, idempotencyKey: 'order-1042-upgrade-1' } },
    answer: `{ "data": { "modifyLease": { "lease": { "id": "TGVhc2U6NDI=", "version": 2, "product": { "sku": "SM-PRO-500" },
  "addOns": [] }, "userErrors": [] } } }`,
  },
  {
    title: 'Stop it',
    when: 'when the order is cancelled',
    graphql: `mutation Stop($input: StopLeaseInput!) {
  stopLease(input: $input) {
    lease { id status stoppedAt }
    userErrors { field message code }
  }
}`,
    variables: { input: { leaseId: 'TGVhc2U6NDI=', idempotencyKey: 'order-1042-stop' } },
    answer: `{ "data": { "stopLease": { "lease": { "id": "TGVhc2U6NDI=", "status": "STOPPED",
  "stoppedAt": "2026-12-04T21:30:00.000Z" }, "userErrors": [] } } }`,
  },
];

export function curlOf(endpoint: string, step: FlowStep): string {
  const body = JSON.stringify({ query: step.graphql.replace(/\s+/g, ' '), variables: step.variables });
  return `curl -s ${endpoint} \\\n  -H 'authorization: Bearer $LEASEBOARD_API_KEY' \\\n  -H 'content-type: application/json' \\\n  -d '${body.replace(/'/g, "'\\''")}'`;
}
