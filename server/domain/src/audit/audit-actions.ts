/**
 * Every action the audit log records, as people name it. recordAudit takes only these, so a new action
 * cannot be written without its name here; the admin's action filter lists them (query auditActions).
 */
export const AUDIT_ACTIONS = {
  'lease.start': 'Lease started',
  'lease.modify': 'Lease changed',
  'lease.stop': 'Lease stopped',
  'license.activate': 'License activated',
  'license.move': 'License moved to another server',
  'license.deactivate': 'License deactivated',
  'license.flag': 'License flagged',
  'customers.export': 'Customers exported',
  'user.add': 'User added',
  'user.change_role': 'Role changed',
  'user.change_password': 'Password changed',
  'user.deactivate': 'User deactivated',
  'user.sign_in_throttled': 'Sign-ins throttled',
  'user.sign_in_unthrottled': 'Sign-in throttle ended',
  'api_key.create': 'API key created',
  'api_key.revoke': 'API key revoked',
  'contact.add': 'Contact added',
  'contact.update': 'Contact changed',
  'contact.remove': 'Contact removed',
  'mailing_list.subscribe': 'Mailing list subscribed',
  'mailing_list.unsubscribe': 'Mailing list unsubscribed',
  'partner.update_contact': 'Company details changed',
  'partner.suspend': 'Partner suspended',
  'partner.reactivate': 'Partner reactivated',
  'billing.card.set': 'Card saved',
  'billing.invoice.pay': 'Invoice payment',
  'billing.invoice.email': 'Invoice emailed',
  'billing.reconcile': 'Billing reconciled',
  'catalog.set_product_price': 'Product price scheduled',
  'catalog.set_add_on_price': 'Add-on price scheduled',
  'webhook.create': 'Webhook endpoint added',
  'webhook.update': 'Webhook endpoint changed',
  'webhook.rotate-secret': 'Webhook secret rotated',
  'webhook.replay': 'Webhook deliveries replayed',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function auditActionLabel(action: string): string {
  return (AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
}
