import { normalizeLicenseKey } from '../licenses/license-key.rules.ts';

export interface LeaseFilter {
  search?: string | null;
  leaseId?: number | null;
  customerEmail?: string | null;
  licenseKey?: string | null;
  serverName?: string | null;
  status?: 'ACTIVE' | 'STOPPED' | null;
  productTypeId?: number | null;
  productId?: number | null;
  customerId?: number | null;
  startedFrom?: Date | null;
  startedTo?: Date | null;
}

/** A Prisma `where` for the lease list. Every text criterion hits one index on the Lease table. */
export function leaseWhere(partnerId: number | null, filter: LeaseFilter) {
  const and: Record<string, unknown>[] = [];
  if (partnerId !== null) and.push({ partnerId });
  if (filter.leaseId != null) and.push({ id: filter.leaseId });
  if (filter.customerEmail?.trim()) and.push({ customerEmailNorm: { contains: filter.customerEmail.trim().toLowerCase() } });
  if (filter.licenseKey?.trim()) and.push({ licenseKey: normalizeLicenseKey(filter.licenseKey) ?? 'no-such-key' });
  if (filter.serverName?.trim()) and.push({ serverNorm: { contains: filter.serverName.trim().toLowerCase() } });
  if (filter.status) and.push({ status: filter.status });
  if (filter.productTypeId != null) and.push({ product: { productTypeId: filter.productTypeId } });
  if (filter.productId != null) and.push({ productId: filter.productId });
  if (filter.customerId != null) and.push({ customerId: filter.customerId });
  if (filter.startedFrom) and.push({ startedAt: { gte: filter.startedFrom } });
  if (filter.startedTo) and.push({ startedAt: { lt: filter.startedTo } });
  const search = filter.search?.trim();
  if (search) and.push({ OR: searchAlternatives(search) });
  return { AND: and };
}

/** The admin's one search box: lease ID, customer email (partial), license key, or server name (partial). */
export function searchAlternatives(search: string): Record<string, unknown>[] {
  const text = search.toLowerCase();
  const alternatives: Record<string, unknown>[] = [{ customerEmailNorm: { contains: text } }, { serverNorm: { contains: text } }];
  const id = /^#?\d{1,9}$/.test(search) ? Number(search.replace('#', '')) : null;
  if (id !== null && id <= 2_147_483_647) alternatives.unshift({ id });
  const key = normalizeLicenseKey(search);
  if (key) alternatives.unshift({ licenseKey: key });
  return alternatives;
}
