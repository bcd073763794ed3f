import type { Db, Role } from '@leaseboard/db';
import { seedCatalog, type Catalog } from '@leaseboard/seed/index';
import { hashPassword } from '@leaseboard/domain/auth/passwords';
import { gql } from './gql.ts';

export const PASSWORD = 'correct horse battery staple';

export function seedCatalogOnce(db: Db): Promise<Catalog> {
  return seedCatalog(db);
}

export async function seedPartner(db: Db, company = 'Northwind Hosting') {
  const slug = company.toLowerCase().replace(/[^a-z]+/g, '-');
  return db.partner.create({
    data: { company, contactName: 'Nancy Davolio', contactEmail: `nancy@${slug}.test`, billingEmail: `billing@${slug}.test` },
  });
}

/** A login with a real argon2 hash, so the sign-in form works with PASSWORD. */
export async function seedUser(db: Db, partnerId: number | null, role: Role, email: string, name = `${role[0]}${role.slice(1).toLowerCase()} User`) {
  return db.user.create({ data: { partnerId, email, name, role, passwordHash: await hashPassword(PASSWORD) } });
}

/** Signs in through the API and returns the session token, to inject as the lb_session cookie. */
export async function sessionToken(baseUrl: string, email: string, password = PASSWORD): Promise<string> {
  const result = await gql<{ signIn: { userErrors: { code: string }[] } }>(
    baseUrl,
    'mutation($input: SignInInput!) { signIn(input: $input) { userErrors { code } } }',
    { input: { email, password } },
  );
  if (result.data.signIn.userErrors.length) throw new Error(`sign-in refused: ${result.data.signIn.userErrors[0]!.code}`);
  const cookie = result.headers.get('set-cookie') ?? '';
  const token = /lb_session=([^;]+)/.exec(cookie)?.[1];
  if (!token) throw new Error('no session cookie in the sign-in response');
  return token;
}

export function productBySku(catalog: Catalog, sku: string) {
  const found = catalog.products.find((p) => p.sku === sku);
  if (!found) throw new Error(`no product ${sku}`);
  return found;
}

export function addOnByCode(catalog: Catalog, code: string) {
  const found = catalog.addOns.find((a) => a.code === code);
  if (!found) throw new Error(`no add-on ${code}`);
  return found;
}
