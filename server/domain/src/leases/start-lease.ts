import { randomBytes } from 'node:crypto';
import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { licenseKeyPrefix } from '../licenses/key-prefix.rules.ts';
import { generateLicenseKey, normalizeLicenseKey } from '../licenses/license-key.rules.ts';
import { enqueueMail } from '../outbox/enqueue-mail.ts';
import { DELIVER_OUTBOX, DELIVER_WEBHOOKS } from '../after-commit.ts';
import { fail, ok, type Result } from '../result.ts';
import type { Tx } from '../tx.ts';
import { actorOf } from '../auth/viewer.ts';
import { loadAddOns, loadProduct } from './catalog-facts.ts';
import { checkAddOnsFit } from './lease-config.rules.ts';
import type { LeaseErrorCode } from './lease-errors.ts';
import { licenseKeyMail } from './license-key-mail.ts';
import { emitWebhookEvent } from '../webhooks/emit-event.ts';
import { emitLeaseEvent } from '../webhooks/emit-lease-event.ts';
import { customerData } from '../webhooks/event-data.ts';

export interface StartLeaseInput {
  productId: number;
  addOnIds: number[];
  customer: { email: string; name?: string | null; company?: string | null };
  externalRef?: string | null;
  sendKeyTo?: string | null;
  idempotencyKey?: string | null;
}

/**
 * Starts a lease: matches or creates the customer by email within the partner, issues a license key,
 * writes history version 1 and the audit entry, and queues the key email, all in one transaction.
 */
export async function startLease(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: StartLeaseInput,
): Promise<Result<{ leaseId: number }, LeaseErrorCode>> {
  const { idempotencyKey, ...request } = input;
  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'startLease', input: request }, (tx) =>
    startLeaseIn(tx, partnerId, meta, request),
  );
}

async function startLeaseIn(
  tx: Tx,
  partnerId: number,
  meta: RequestMeta,
  input: Omit<StartLeaseInput, 'idempotencyKey'>,
): Promise<Result<{ leaseId: number }, LeaseErrorCode>> {
  const product = await loadProduct(tx, input.productId);
  if (!product) return fail('PRODUCT_NOT_FOUND', 'No such product.', ['productId']);
  if (!product.active) return fail('PRODUCT_INACTIVE', 'That product can no longer be leased.', ['productId']);
  const addOns = await loadAddOns(tx, input.addOnIds);
  const addOnErrors = checkAddOnsFit(product, input.addOnIds, addOns, ['addOnIds']);
  if (addOnErrors.length) return { ok: false, errors: addOnErrors };

  const email = input.customer.email.trim();
  const emailNorm = email.toLowerCase();
  const existingCustomer = await tx.customer.findUnique({ where: { partnerId_emailNorm: { partnerId, emailNorm } }, select: { id: true } });
  const customer = await tx.customer.upsert({
    where: { partnerId_emailNorm: { partnerId, emailNorm } },
    create: {
      partnerId,
      email,
      emailNorm,
      name: input.customer.name ?? null,
      company: input.customer.company ?? null,
      createdAt: meta.at,
    },
    update: {
      ...(input.customer.name ? { name: input.customer.name } : {}),
      ...(input.customer.company ? { company: input.customer.company } : {}),
    },
  });

  const addOnIds = [...input.addOnIds].sort((a, b) => a - b);
  const licenseKey = normalizeLicenseKey(generateLicenseKey(licenseKeyPrefix(product.productTypeCode), (n) => randomBytes(n)))!;
  const sendKeyTo = input.sendKeyTo?.trim() || email;
  const lease = await tx.lease.create({
    data: {
      partnerId,
      customerId: customer.id,
      productId: product.id,
      licenseKey,
      status: 'ACTIVE',
      startedAt: meta.at,
      externalRef: input.externalRef ?? null,
      sendKeyTo,
      customerEmailNorm: emailNorm,
      version: 1,
      addOns: { create: addOnIds.map((addOnId) => ({ addOnId, addedAt: meta.at })) },
      history: {
        create: {
          partnerId,
          version: 1,
          action: 'STARTED',
          effectiveAt: meta.at,
          toProductId: product.id,
          toAddOnIds: addOnIds,
          ...actorOf(meta.viewer),
        },
      },
    },
    include: { partner: { select: { company: true } } },
  });

  await enqueueMail(
    tx,
    licenseKeyMail({
      partnerId,
      partnerCompany: lease.partner.company,
      to: sendKeyTo,
      productName: product.name,
      addOnNames: addOnIds.map((id) => addOns.get(id)!.name),
      licenseKey,
      leaseId: lease.id,
    }),
    meta.at,
  );
  await recordAudit(tx, meta, {
    partnerId,
    action: 'lease.start',
    targetType: 'Lease',
    targetId: lease.id,
    after: { productId: product.id, sku: product.sku, addOnIds, customerEmail: email, externalRef: input.externalRef ?? null },
  });
  if (!existingCustomer) await emitWebhookEvent(tx, { partnerId, type: 'customer.created', data: { customer: customerData(customer) } }, meta.at);
  await emitLeaseEvent(tx, partnerId, 'lease.started', lease.id, meta.at);
  return ok({ leaseId: lease.id }, [DELIVER_OUTBOX, DELIVER_WEBHOOKS]);
}
