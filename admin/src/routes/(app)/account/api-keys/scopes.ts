export type ApiKeyScope = 'LEASES_READ' | 'LEASES_WRITE' | 'CUSTOMERS_READ' | 'CUSTOMERS_EXPORT' | 'REPORTS_READ' | 'BILLING_READ' | 'BILLING_WRITE' | 'WEBHOOKS_MANAGE';

/** What an API key may be granted, as the API names it and as people read it. */
export const API_KEY_SCOPES: readonly { value: ApiKeyScope; label: string }[] = [
  { value: 'LEASES_READ', label: 'Read leases' },
  { value: 'LEASES_WRITE', label: 'Start, modify and stop leases' },
  { value: 'CUSTOMERS_READ', label: 'Read customers' },
  { value: 'CUSTOMERS_EXPORT', label: 'Export customers' },
  { value: 'REPORTS_READ', label: 'Read reports' },
  { value: 'BILLING_READ', label: 'Read invoices' },
  { value: 'BILLING_WRITE', label: 'Pay and email invoices' },
  { value: 'WEBHOOKS_MANAGE', label: 'Manage webhook endpoints' },
];

export function scopeLabel(scope: string): string {
  return API_KEY_SCOPES.find((s) => s.value === scope)?.label ?? scope;
}
