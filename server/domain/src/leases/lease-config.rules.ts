import type { Edition } from '@leaseboard/db';
import type { DomainError } from '../result.ts';
import type { LeaseErrorCode } from './lease-errors.ts';

export interface ProductFacts {
  id: number;
  productTypeId: number;
  edition: Edition;
  active: boolean;
  name: string;
}

export interface AddOnFacts {
  id: number;
  productTypeId: number;
  editions: Edition[];
  active: boolean;
  name: string;
}

export interface LeaseConfig {
  productId: number;
  addOnIds: number[];
}

type Errors = DomainError<LeaseErrorCode>[];

/** Every add-on must exist, be active, belong to the product's type and allow its edition. */
export function checkAddOnsFit(product: ProductFacts, addOnIds: readonly number[], addOns: ReadonlyMap<number, AddOnFacts>, field: string[]): Errors {
  const errors: Errors = [];
  const seen = new Set<number>();
  addOnIds.forEach((id, index) => {
    const at = [...field, String(index)];
    const addOn = addOns.get(id);
    if (seen.has(id)) errors.push({ code: 'DUPLICATE_ADDON', message: 'The same add-on is listed twice.', field: at });
    seen.add(id);
    if (!addOn || !addOn.active) errors.push({ code: 'ADDON_NOT_FOUND', message: 'No such add-on.', field: at });
    else if (addOn.productTypeId !== product.productTypeId) {
      errors.push({ code: 'ADDON_WRONG_PRODUCT_TYPE', message: `${addOn.name} is not an add-on of this product.`, field: at });
    } else if (!addOn.editions.includes(product.edition)) {
      errors.push({
        code: 'ADDON_EDITION_NOT_ALLOWED',
        message: `${addOn.name} requires the ${addOn.editions.map(editionName).join(' or ')} edition.`,
        field: at,
      });
    }
  });
  return errors;
}

export interface ModificationRequest {
  product: ProductFacts | null;
  addAddOnIds: readonly number[];
  removeAddOnIds: readonly number[];
}

/**
 * The configuration a modification leads to, or why it cannot be made. A change of product stays within
 * the product type; an add-on the new edition does not allow must be removed in the same request.
 */
export function planModification(
  current: { product: ProductFacts; addOnIds: readonly number[] },
  request: ModificationRequest,
  addOns: ReadonlyMap<number, AddOnFacts>,
): { ok: true; config: LeaseConfig; product: ProductFacts } | { ok: false; errors: Errors } {
  const target = request.product ?? current.product;
  if (request.product) {
    if (!request.product.active) return refuse('PRODUCT_INACTIVE', 'That product can no longer be leased.', ['productId']);
    if (request.product.productTypeId !== current.product.productTypeId) {
      return refuse('PRODUCT_TYPE_MISMATCH', 'A lease can only change to another product of the same type.', ['productId']);
    }
  }
  const errors: Errors = [];
  const currentIds = new Set(current.addOnIds);
  request.removeAddOnIds.forEach((id, index) => {
    if (!currentIds.has(id)) errors.push({ code: 'ADDON_NOT_ON_LEASE', message: 'That add-on is not on this lease.', field: ['removeAddOnIds', String(index)] });
  });
  request.addAddOnIds.forEach((id, index) => {
    if (currentIds.has(id)) errors.push({ code: 'ADDON_ALREADY_ON_LEASE', message: 'That add-on is already on this lease.', field: ['addAddOnIds', String(index)] });
  });
  errors.push(...checkAddOnsFit(target, request.addAddOnIds, addOns, ['addAddOnIds']));
  if (errors.length) return { ok: false, errors };

  const removed = new Set(request.removeAddOnIds);
  const kept = current.addOnIds.filter((id) => !removed.has(id));
  for (const id of kept) {
    const addOn = addOns.get(id);
    if (addOn && !addOn.editions.includes(target.edition)) {
      errors.push({
        code: 'ADDON_STRANDED',
        message: `${addOn.name} is not available in the ${editionName(target.edition)} edition: remove it in the same change.`,
        field: ['productId'],
      });
    }
  }
  if (errors.length) return { ok: false, errors };

  const addOnIds = [...kept, ...request.addAddOnIds].sort((a, b) => a - b);
  const unchanged = target.id === current.product.id && sameSet(addOnIds, current.addOnIds);
  if (unchanged) return refuse('NO_CHANGE', 'The lease already has this configuration.');
  return { ok: true, config: { productId: target.id, addOnIds }, product: target };
}

function refuse(code: LeaseErrorCode, message: string, field?: string[]): { ok: false; errors: Errors } {
  return { ok: false, errors: [{ code, message, ...(field ? { field } : {}) }] };
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

export function editionName(edition: Edition): string {
  return edition === 'ENTERPRISE' ? 'Enterprise' : 'Professional';
}
