import { activateLicense } from '@leaseboard/domain/licenses/activate-license';
import { deactivateLicense } from '@leaseboard/domain/licenses/deactivate-license';
import { validateLicense } from '@leaseboard/domain/licenses/validate-license';
import type { LicenseAnswer } from '@leaseboard/domain/licenses/license-answer';
import { LICENSE_CODES } from '@leaseboard/domain/licenses/license-codes';
import { rateLimitStoreOf } from '@leaseboard/domain/rate-limit/rate-limit-store';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { EditionEnum } from '../catalog/types.ts';
import { ok } from '@leaseboard/domain/result';
import { defineMutation } from '../mutation.ts';
import { plainPayload } from '../payload.ts';

const LicenseCodeEnum = builder.enumType('LicenseCode', {
  description:
    'Checked in this fixed order, the first that applies is returned: MALFORMED_KEY, RATE_LIMITED, NOT_FOUND, STOPPED, ' +
    'PARTNER_SUSPENDED, ALREADY_ACTIVE_ELSEWHERE (validate), NOT_ACTIVATED (validate, deactivate), VALID.',
  values: LICENSE_CODES,
});

const LicenseEntitlement = builder.objectRef<NonNullable<LicenseAnswer['license']>>('LicenseEntitlement').implement({
  description: 'What a valid key entitles its server to.',
  fields: (t) => ({
    licenseKey: t.exposeString('licenseKey', { description: 'Display form.' }),
    productSku: t.exposeString('productSku'),
    productName: t.exposeString('productName'),
    edition: t.field({ type: EditionEnum, resolve: (l) => l.edition }),
    tierSize: t.exposeInt('tierSize', { nullable: true, description: 'Units included; null means unlimited.' }),
    addOnCodes: t.exposeStringList('addOnCodes'),
  }),
});

const LicenseActivationState = builder.objectRef<NonNullable<LicenseAnswer['activation']>>('LicenseActivationState').implement({
  description: "The asking server's activation of the key.",
  fields: (t) => ({
    serverName: t.exposeString('serverName'),
    firstSeenAt: t.expose('firstSeenAt', { type: 'DateTime' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime' }),
    supersededAt: t.expose('supersededAt', { type: 'DateTime', nullable: true, description: 'When the key moved to another server.' }),
    overlapEndsAt: t.expose('overlapEndsAt', { type: 'DateTime', nullable: true, description: 'Until when this server stays valid after the move.' }),
    flaggedAt: t.expose('flaggedAt', { type: 'DateTime', nullable: true }),
    deactivatedAt: t.expose('deactivatedAt', { type: 'DateTime', nullable: true }),
  }),
});

const LicenseAnswerRef = builder.objectRef<LicenseAnswer>('LicenseAnswer').implement({
  fields: (t) => ({
    code: t.field({ type: LicenseCodeEnum, resolve: (a) => a.code }),
    valid: t.exposeBoolean('valid', { description: 'True exactly when code is VALID.' }),
    message: t.exposeString('message'),
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', { nullable: true, description: 'With RATE_LIMITED.' }),
    license: t.field({ type: LicenseEntitlement, nullable: true, resolve: (a) => a.license }),
    activation: t.field({ type: LicenseActivationState, nullable: true, resolve: (a) => a.activation }),
  }),
});

const LicenseRequestInput = builder.inputType('LicenseRequestInput', {
  description: 'Sent by a licensed server; the key is its credential, no sign-in needed.',
  fields: (t) => ({
    key: t.string({ description: 'Any case, with or without dashes.', validate: z.string().min(1).max(100) }),
    serverName: t.string({ description: 'Servers are told apart by name, ignoring case.', validate: z.string().trim().min(1).max(255) }),
    ip: t.string({ required: false, description: "An IPv4 or IPv6 address; the request's address when left out.", validate: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' }) }),
    fingerprint: t.string({ required: false, validate: z.string().max(255) }),
  }),
});

const OPERATIONS = {
  activateLicense: { run: activateLicense, description: 'Activates the key on this server; a key moved from another server leaves it valid for 30 more days.' },
  validateLicense: { run: validateLicense, description: 'Heartbeat: is the key still valid on this server?' },
  deactivateLicense: { run: deactivateLicense, description: 'Gives the key up on this server.' },
} as const;

for (const [name, operation] of Object.entries(OPERATIONS)) {
  defineMutation(name, {
    description: `${operation.description} Also POST /licensing/${name.replace('License', '').toLowerCase()}.`,
    access: 'anyone',
    partner: 'none',
    args: (arg) => ({ input: arg({ type: LicenseRequestInput }) }),
    // The answer carries its own code (VALID, NOT_FOUND, …) for the licensed server: it is never a userError.
    run: async ({ ctx, args: { input }, meta }) => ok(await operation.run(ctx.db, rateLimitStoreOf(ctx), meta, input)),
    payload: plainPayload(LicenseAnswerRef),
    load: (answer) => answer,
  });
}
