import type { Db } from '@leaseboard/db';
import { formatCents } from '../billing/money.ts';
import { auditActionLabel } from './audit-actions.ts';

/** An audit row as the summary reads it. */
export interface AuditRow {
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

/** Names for the internal IDs an entry holds: products, add-ons and users. */
export interface AuditNames {
  products: ReadonlyMap<number, string>;
  addOns: ReadonlyMap<number, string>;
  users: ReadonlyMap<number, { name: string; email: string }>;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * One sentence saying what an audit entry changed, with names instead of internal IDs: "Started lease 5001:
 * SmarterMail Professional 250 mailboxes with ActiveSync for alice@contoso.example". An action without its
 * own wording reads as its label and target.
 */
export function describeAuditEntry(row: AuditRow, names: AuditNames): string {
  const before = obj(row.before);
  const after = obj(row.after);
  const product = (id: unknown) => names.products.get(num(id) ?? -1) ?? `product ${String(id)}`;
  const addOns = (ids: unknown) => (Array.isArray(ids) ? ids.map((id) => names.addOns.get(num(id) ?? -1) ?? `add-on ${String(id)}`) : []);
  const config = (c: Json) => {
    const extras = addOns(c['addOnIds']);
    return `${product(c['productId'])}${extras.length ? ` with ${extras.join(', ')}` : ''}`;
  };
  const user = () => {
    const found = names.users.get(num(row.targetId) ?? -1);
    return found ? `${found.name} (${found.email})` : `user ${row.targetId ?? ''}`.trim();
  };
  const lease = `lease ${row.targetId ?? ''}`.trim();
  const sessions = (n: unknown) => (typeof n === 'number' && n > 0 ? `; ${n} session${n === 1 ? '' : 's'} ended` : '');
  const price = (c: Json) => (typeof c['amountCents'] === 'number' ? formatCents(c['amountCents']) : '?');
  const from = (c: Json) => str(c['effectiveFrom'])?.slice(0, 10) ?? '?';

  switch (row.action) {
    case 'lease.start':
      return `Started ${lease}: ${config(after)}${str(after['customerEmail']) ? ` for ${after['customerEmail']}` : ''}`;
    case 'lease.modify':
      return `Changed ${lease} from ${config(before)} to ${config(after)}`;
    case 'lease.stop':
      return `Stopped ${lease}`;
    case 'license.activate':
    case 'license.move':
      return `${row.action === 'license.move' ? 'Moved' : 'Activated'} the license of ${lease} on ${str(after['serverName']) ?? 'a server'}`;
    case 'license.deactivate':
      return `Deactivated the license of ${lease}${str(before['serverName']) ? ` on ${before['serverName']}` : ''}`;
    case 'user.add':
      return `Added ${str(after['name']) ?? ''} (${str(after['email']) ?? ''}) as ${str(after['role']) ?? '?'}`.replace('Added  (', 'Added (');
    case 'user.change_role':
      return `Changed the role of ${user()} from ${str(before['role']) ?? '?'} to ${str(after['role']) ?? '?'}`;
    case 'user.change_password':
      return `Changed the password of ${user()}${sessions(after['endedSessions'])}`;
    case 'user.deactivate':
      return `Deactivated ${user()}${sessions(after['endedSessions'])}`;
    case 'api_key.create':
      return `Created API key ${str(after['name']) ? `"${after['name']}" ` : ''}(${str(after['prefix']) ?? '?'}…)`;
    case 'api_key.revoke':
      return `Revoked API key ${str(before['prefix']) ?? '?'}…`;
    case 'catalog.set_product_price':
      return `Scheduled ${price(after)} a month for ${product(row.targetId)} from ${from(after)}${Object.keys(before).length ? ` (was ${price(before)})` : ''}`;
    case 'catalog.set_add_on_price':
      return `Scheduled ${price(after)} a month for ${addOns([row.targetId])[0]}${num(after['productId']) !== null ? ` on ${product(after['productId'])}` : ''} from ${from(after)}`;
    case 'billing.card.set':
      return `Saved a ${str(after['brand']) ?? 'card'} card ending ${str(after['last4']) ?? '?'}`;
    case 'billing.invoice.pay':
      return `Charged invoice ${row.targetId ?? ''}: ${str(after['outcome'])?.toLowerCase() ?? '?'}`;
    case 'billing.invoice.email':
      return `Emailed invoice ${row.targetId ?? ''} to ${str(after['to']) ?? '?'}`;
    case 'partner.suspend':
    case 'partner.reactivate':
      return `${row.action === 'partner.suspend' ? 'Suspended' : 'Reactivated'} the partner${str(after['reason']) ? `: ${after['reason']}` : ''}`;
    case 'mailing_list.subscribe':
    case 'mailing_list.unsubscribe':
      return `${row.action === 'mailing_list.subscribe' ? 'Subscribed' : 'Unsubscribed'} ${str(after['email']) ?? '?'} ${row.action === 'mailing_list.subscribe' ? 'to' : 'from'} the ${row.targetId ?? ''} list`.replace(/ {2}/g, ' ');
    default:
      return `${auditActionLabel(row.action)}: ${row.targetType}${row.targetId ? ` ${row.targetId}` : ''}`;
  }
}

/** The names every entry of a partner's audit log may mention: the catalog's products and add-ons, and the partner's users. */
export async function loadAuditNames(db: Db, partnerId: number | null): Promise<AuditNames> {
  const [products, addOns, users] = await Promise.all([
    db.product.findMany({ select: { id: true, name: true } }),
    db.addOn.findMany({ select: { id: true, name: true } }),
    partnerId === null ? Promise.resolve([]) : db.user.findMany({ where: { partnerId }, select: { id: true, name: true, email: true } }),
  ]);
  return {
    products: new Map(products.map((p) => [p.id, p.name])),
    addOns: new Map(addOns.map((a) => [a.id, a.name])),
    users: new Map(users.map((u) => [u.id, { name: u.name, email: u.email }])),
  };
}
