import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Db } from '@leaseboard/db';
import type { Catalog } from '@leaseboard/db/catalog';
import type { Clock } from '@leaseboard/domain/clock';
import * as domain from '@leaseboard/domain/test/factories';

export { apiKeyFor, catalogOf, createBulkCustomers, createPartner, signedInUser, userWithPassword } from '@leaseboard/domain/test/factories';

/** The API's global ID of a row. */
export const gid = encodeGlobalID;

/** The domain factories' rows with their global IDs, for tests that go through the API. */
export function product(catalog: Catalog, sku: string) {
  const found = domain.product(catalog, sku);
  return { ...found, gid: gid('Product', found.id) };
}

export function addOn(catalog: Catalog, code: string) {
  const found = domain.addOn(catalog, code);
  return { ...found, gid: gid('AddOn', found.id) };
}

export async function startedLease(db: Db, clock: Clock, partnerId: number, sku?: string) {
  const lease = await domain.startedLease(db, clock, partnerId, sku);
  return { ...lease, gid: gid('Lease', lease.id) };
}
