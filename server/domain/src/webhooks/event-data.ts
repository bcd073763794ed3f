import { formatLicenseKey } from '../licenses/license-key.rules.ts';
import type { Tx } from '../tx.ts';

/** The GraphQL API's node id (Relay global id: base64 of `Type:id`), so receivers can fetch the object back. */
export function globalId(type: string, id: number): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}

/** A lease as the GraphQL `Lease` type returns it (its scalar fields, product, customer and add-ons), read inside the change's transaction. */
export async function leaseEventData(tx: Tx, leaseId: number): Promise<Record<string, unknown>> {
  const lease = await tx.lease.findUniqueOrThrow({
    where: { id: leaseId },
    include: {
      product: { select: { id: true, sku: true, name: true } },
      customer: { select: { id: true, email: true, name: true, company: true } },
      addOns: { select: { addOn: { select: { id: true, code: true, name: true } } }, orderBy: { addOnId: 'asc' } },
    },
  });
  return {
    lease: {
      id: globalId('Lease', lease.id),
      leaseNumber: lease.id,
      licenseKey: formatLicenseKey(lease.licenseKey),
      status: lease.status,
      startedAt: lease.startedAt.toISOString(),
      stoppedAt: lease.stoppedAt?.toISOString() ?? null,
      externalRef: lease.externalRef,
      sendKeyTo: lease.sendKeyTo,
      machineName: lease.serverName,
      lastSeenAt: lease.lastSeenAt?.toISOString() ?? null,
      version: lease.version,
      product: { id: globalId('Product', lease.product.id), sku: lease.product.sku, name: lease.product.name },
      customer: customerData(lease.customer),
      addOns: lease.addOns.map(({ addOn }) => ({ id: globalId('AddOn', addOn.id), code: addOn.code, name: addOn.name })),
    },
  };
}

export function customerData(customer: { id: number; email: string; name: string | null; company: string | null }) {
  return { id: globalId('Customer', customer.id), email: customer.email, name: customer.name, company: customer.company };
}
