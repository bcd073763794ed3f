export type PartnerRole = 'OWNER' | 'MANAGER' | 'ANALYST' | 'BILLING';

/** The roles a partner owner can give, with what each may do (server/domain/src/auth/roles.ts decides). */
export const ROLES: readonly { value: PartnerRole; label: string; hint: string }[] = [
  { value: 'OWNER', label: 'Owner', hint: 'Everything, including users, API keys and the audit log.' },
  { value: 'MANAGER', label: 'Manager', hint: 'Starts, modifies and stops leases; sees customers and reports.' },
  { value: 'ANALYST', label: 'Analyst', hint: 'Reads leases, customers and reports; downloads customer lists.' },
  { value: 'BILLING', label: 'Billing', hint: 'Invoices, payments and the card on file.' },
];
