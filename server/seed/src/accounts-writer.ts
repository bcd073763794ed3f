import type pg from 'pg';
import { MailingList, Role } from '@leaseboard/db';
import { ADMIN_USER, type PartnerSpec } from './demo-accounts.ts';
import { iso } from './bulk-insert.ts';
import type { Actor } from './lease-plan.ts';

export interface SeededPartner {
  id: number;
  spec: PartnerSpec;
  /** Owners and managers: the users who start, change and stop leases. */
  actors: Actor[];
  paymentMethodId: number;
}

export interface AccountCounts {
  users: number;
  contacts: number;
  subscriptions: number;
  paymentMethods: number;
  adminExisted: boolean;
}

async function insertReturningId(client: pg.ClientBase, sql: string, values: unknown[]): Promise<number> {
  const result = await client.query<{ id: number }>(sql, values);
  return result.rows[0]!.id;
}

/**
 * The vendor admin, the partners and their users, contacts, mailing-list subscriptions and cards on file.
 * Everyone gets `passwordHash` (one hash of the demo password). An admin that already exists is kept as is.
 */
export async function insertAccounts(
  client: pg.ClientBase,
  partners: readonly PartnerSpec[],
  passwordHash: string,
  createdMs: (index: number) => number,
  cardExpiryYear: number,
): Promise<{ partners: SeededPartner[]; counts: AccountCounts }> {
  const counts: AccountCounts = { users: 0, contacts: 0, subscriptions: 0, paymentMethods: 0, adminExisted: false };
  const adminCreated = iso(createdMs(-1));
  const admin = await client.query(
    `INSERT INTO "User" ("email", "name", "passwordHash", "role", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT ("email") DO NOTHING RETURNING "id"`,
    [ADMIN_USER.email, ADMIN_USER.name, passwordHash, Role.ADMIN, adminCreated],
  );
  if (admin.rowCount) counts.users++;
  else counts.adminExisted = true;

  const seeded: SeededPartner[] = [];
  for (const [index, spec] of partners.entries()) {
    const at = iso(createdMs(index));
    const partnerId = await insertReturningId(
      client,
      `INSERT INTO "Partner" ("company", "contactName", "contactEmail", "phone", "addressLine1", "city", "region",
         "postalCode", "country", "billingEmail", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING "id"`,
      [spec.company, spec.contactName, spec.contactEmail, spec.phone, spec.addressLine1, spec.city, spec.region,
        spec.postalCode, spec.country, spec.billingEmail, at],
    );
    const actors: Actor[] = [];
    for (const user of spec.users) {
      const userId = await insertReturningId(
        client,
        `INSERT INTO "User" ("partnerId", "email", "name", "passwordHash", "role", "createdAt", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING "id"`,
        [partnerId, user.email, user.name, passwordHash, user.role, at],
      );
      counts.users++;
      if (user.role === Role.OWNER || user.role === Role.MANAGER) actors.push({ userId, label: user.email });
    }
    for (const contact of spec.contacts) {
      await client.query(
        `INSERT INTO "Contact" ("partnerId", "name", "email", "phone", "title", "kind", "createdAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [partnerId, contact.name, contact.email, contact.phone, contact.title, contact.kind, at],
      );
      counts.contacts++;
    }
    for (const subscription of spec.subscriptions) {
      await client.query(
        `INSERT INTO "MailingListSubscription" ("partnerId", "email", "list", "subscribedAt") VALUES ($1, $2, $3, $4)`,
        [partnerId, subscription.email, subscription.list satisfies MailingList, at],
      );
      counts.subscriptions++;
    }
    const paymentMethodId = await insertReturningId(
      client,
      `INSERT INTO "PaymentMethod" ("partnerId", "gateway", "token", "brand", "last4", "expMonth", "expYear", "createdAt")
       VALUES ($1, 'sandbox', $2, 'visa', '4242', 12, $3, $4) RETURNING "id"`,
      [partnerId, `tok_sandbox_demo_${spec.slug}`, cardExpiryYear, at],
    );
    counts.paymentMethods++;
    seeded.push({ id: partnerId, spec, actors, paymentMethodId });
  }
  return { partners: seeded, counts };
}
