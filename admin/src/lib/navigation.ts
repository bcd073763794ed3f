/** The modules of the signed-in app, in menu order, each shown only to viewers holding its scope. */
export interface Module {
  href: string;
  label: string;
  scope: string;
}

export const MODULES: readonly Module[] = [
  { href: '/overview', label: 'Overview', scope: 'reports:read' },
  { href: '/leases', label: 'Leases', scope: 'leases:read' },
  { href: '/customers', label: 'Customers', scope: 'customers:read' },
  { href: '/reports', label: 'Reports', scope: 'reports:read' },
  { href: '/invoices', label: 'Invoices', scope: 'billing:read' },
  { href: '/integrations', label: 'Integrations', scope: 'leases:write' },
  { href: '/account', label: 'Account', scope: 'account:read' },
  { href: '/vendor/partners', label: 'Vendor', scope: 'vendor:read' },
];

export function modulesFor(scopes: readonly string[]): Module[] {
  return MODULES.filter((m) => scopes.includes(m.scope));
}
