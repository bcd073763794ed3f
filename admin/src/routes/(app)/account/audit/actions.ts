/** Every action the audit log records (server/domain recordAudit calls), as people name it. */
export const AUDIT_ACTIONS: readonly { value: string; label: string }[] = [
  { value: 'lease.start', label: 'Lease started' },
  { value: 'lease.modify', label: 'Lease modified' },
  { value: 'lease.stop', label: 'Lease stopped' },
  { value: 'license.deactivate', label: 'License deactivated' },
  { value: 'license.flag', label: 'License flagged' },
  { value: 'customers.export', label: 'Customers exported' },
  { value: 'user.add', label: 'User added' },
  { value: 'user.change_role', label: 'Role changed' },
  { value: 'user.change_password', label: 'Password changed' },
  { value: 'user.deactivate', label: 'User deactivated' },
  { value: 'user.sign_in_throttled', label: 'Sign-ins throttled' },
  { value: 'user.sign_in_unthrottled', label: 'Sign-in throttle ended' },
  { value: 'api_key.create', label: 'API key created' },
  { value: 'api_key.revoke', label: 'API key revoked' },
  { value: 'contact.add', label: 'Contact added' },
  { value: 'contact.update', label: 'Contact changed' },
  { value: 'contact.remove', label: 'Contact removed' },
  { value: 'mailing_list.subscribe', label: 'Mailing list subscribed' },
  { value: 'mailing_list.unsubscribe', label: 'Mailing list unsubscribed' },
  { value: 'partner.update_contact', label: 'Company details changed' },
  { value: 'partner.suspend', label: 'Partner suspended' },
  { value: 'partner.reactivate', label: 'Partner reactivated' },
  { value: 'billing.card.set', label: 'Card saved' },
  { value: 'billing.invoice.pay', label: 'Invoice paid' },
  { value: 'billing.invoice.email', label: 'Invoice emailed' },
  { value: 'catalog.set_product_price', label: 'Product price scheduled' },
  { value: 'catalog.set_add_on_price', label: 'Add-on price scheduled' },
];

export function actionLabel(action: string): string {
  return AUDIT_ACTIONS.find((a) => a.value === action)?.label ?? action;
}
