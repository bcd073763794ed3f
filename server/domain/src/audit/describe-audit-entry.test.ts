import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from './audit-actions.ts';
import { describeAuditEntry, type AuditNames, type AuditRow } from './describe-audit-entry.ts';

const names: AuditNames = {
  products: new Map([[2, 'SmarterMail Professional 250 mailboxes'], [3, 'SmarterMail Enterprise 250 mailboxes']]),
  addOns: new Map([[1, 'ActiveSync'], [3, 'Premium Antispam']]),
  users: new Map([[4, { name: 'Janet Leverling', email: 'janet@northwind.test' }]]),
};
const row = (action: string, targetType: string, targetId: string | null, before: unknown, after: unknown): AuditRow => ({ action, targetType, targetId, before, after });

describe('describeAuditEntry', () => {
  describe('for lease changes', () => {
    it('names the product and add-ons instead of their IDs', () => {
      expect(describeAuditEntry(row('lease.start', 'Lease', '5001', null, { productId: 2, addOnIds: [1, 3], customerEmail: 'alice@contoso.example' }), names)).toBe(
        'Started lease 5001: SmarterMail Professional 250 mailboxes with ActiveSync, Premium Antispam for alice@contoso.example',
      );
      expect(describeAuditEntry(row('lease.modify', 'Lease', '5001', { productId: 2, addOnIds: [1, 3] }, { productId: 3, addOnIds: [] }), names)).toBe(
        'Changed lease 5001 from SmarterMail Professional 250 mailboxes with ActiveSync, Premium Antispam to SmarterMail Enterprise 250 mailboxes',
      );
      expect(describeAuditEntry(row('lease.stop', 'Lease', '5001', { status: 'ACTIVE' }, { status: 'STOPPED' }), names)).toBe('Stopped lease 5001');
    });

    it('says which ID it could not name rather than leaving a bare number', () => {
      expect(describeAuditEntry(row('lease.start', 'Lease', '7', null, { productId: 99, addOnIds: [42] }), names)).toBe('Started lease 7: product 99 with add-on 42');
    });
  });

  describe('for users', () => {
    it('names the user a change was about', () => {
      expect(describeAuditEntry(row('user.change_role', 'User', '4', { role: 'ANALYST' }, { role: 'MANAGER' }), names)).toBe(
        'Changed the role of Janet Leverling (janet@northwind.test) from ANALYST to MANAGER',
      );
      expect(describeAuditEntry(row('user.deactivate', 'User', '4', { active: true }, { active: false, endedSessions: 2 }), names)).toBe(
        'Deactivated Janet Leverling (janet@northwind.test); 2 sessions ended',
      );
      expect(describeAuditEntry(row('user.add', 'User', '9', null, { email: 'new@northwind.test', name: 'New Person', role: 'BILLING' }), names)).toBe(
        'Added New Person (new@northwind.test) as BILLING',
      );
    });
  });

  describe('for prices', () => {
    it('says the amount in dollars, the product by name and the date', () => {
      expect(describeAuditEntry(row('catalog.set_product_price', 'Product', '2', { amountCents: 1000 }, { sku: 'SM-PRO-250', effectiveFrom: '2026-01-01T00:00:00.000Z', amountCents: 1250 }), names)).toBe(
        'Scheduled $12.50 a month for SmarterMail Professional 250 mailboxes from 2026-01-01 (was $10.00)',
      );
    });
  });

  it('reads every other action as its label and target', () => {
    expect(describeAuditEntry(row('webhook.rotate-secret', 'WebhookEndpoint', '3', null, {}), names)).toBe('Webhook secret rotated: WebhookEndpoint 3');
  });

  it('gives every action a sentence with no raw JSON in it', () => {
    for (const action of Object.keys(AUDIT_ACTIONS)) {
      const text = describeAuditEntry(row(action, 'Lease', '1', { productId: 2, addOnIds: [1] }, { productId: 2, addOnIds: [3] }), names);
      expect(text, action).not.toMatch(/[{}[\]"]{2}|addOnIds|productId/);
      expect(text.length, action).toBeGreaterThan(5);
    }
  });
});
