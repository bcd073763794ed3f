import { API_KEY_SCOPES, isApiKeyScope, type ApiKeyScope } from '@leaseboard/domain/auth/scopes';
import { viewerPartnerId } from '@leaseboard/domain/auth/viewer';
import { createApiKey } from '@leaseboard/domain/accounts/create-api-key';
import { revokeApiKey } from '@leaseboard/domain/accounts/revoke-api-key';
import type { ApiKeyModel as ApiKey } from '@leaseboard/db';
import type { DomainError } from '@leaseboard/domain/result';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { idempotencyKeyField } from '../input-fields.ts';
import type { AccountErrorCode } from '@leaseboard/domain/accounts/account-errors';
import { defineMutation } from '../mutation.ts';
import { multiFieldPayload, payloadType } from '../payload.ts';
import { tenantUnique } from '../tenancy.ts';
import { AccountUserError } from './account-errors.ts';

/** GraphQL names cannot hold a colon: leases:read is LEASES_READ, and so on. */
const ApiKeyScopeEnum = builder.enumType('ApiKeyScope', {
  description: 'What an API key may do.',
  values: Object.fromEntries(API_KEY_SCOPES.map((scope) => [scope.replace(':', '_').toUpperCase(), { value: scope, description: scope }])) as Record<
    string,
    { value: ApiKeyScope; description: string }
  >,
});

export const ApiKeyRef = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  description: 'A key for automation, e.g. a shopping cart. Only its prefix is ever shown again after creation.',
  findUnique: (id, ctx) => tenantUnique(id, ctx),
  authScopes: { scope: 'apikeys:manage' },
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The start of the key (lbk_xxxxxxxx), to tell keys apart.' }),
    scopes: t.field({ type: [ApiKeyScopeEnum], resolve: (key) => key.scopes.filter(isApiKeyScope) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'To the minute.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.prismaField({
    type: ['ApiKey'],
    description: "Your partner's API keys, newest first, revoked ones included.",
    authScopes: { scope: 'apikeys:manage' },
    resolve: (query, _root, _args, ctx) => {
      const partnerId = viewerPartnerId(ctx.viewer);
      return partnerId === null ? [] : ctx.db.apiKey.findMany({ ...query, where: { partnerId }, orderBy: { id: 'desc' } });
    },
  }),
);

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ validate: z.string().max(200), description: 'What the key is for, e.g. "WHMCS".' }),
    scopes: t.field({ type: [ApiKeyScopeEnum], validate: z.array(z.string()).min(1).max(API_KEY_SCOPES.length) }),
    expiresAt: t.field({ type: 'DateTime', required: false, description: 'Never expires when left out.' }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

interface CreatedKey {
  apiKey: ApiKey | null;
  secret: string | null;
  userErrors: DomainError<AccountErrorCode>[];
}

const CreateApiKeyPayload = multiFieldPayload<{ apiKey: ApiKey; secret: string | null }, AccountErrorCode>(
  builder.objectRef<CreatedKey>('CreateApiKeyPayload').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, nullable: true, resolve: (p) => p.apiKey }),
    secret: t.exposeString('secret', {
      nullable: true,
      description:
        'The whole key, to send as "Authorization: Bearer <secret>". Shown this once: only its hash is stored. ' +
        'Null when the response replays an earlier request with the same idempotency key.',
    }),
    userErrors: t.field({ type: [AccountUserError], resolve: (p) => p.userErrors }),
  }),
  }),
  ['apiKey', 'secret'],
);

defineMutation('createApiKey', {
  description: 'Creates an API key with the scopes given; its secret is in the answer, once.',
  access: { scope: 'apikeys:manage' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: CreateApiKeyInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => createApiKey(ctx.db, partnerId, meta, input),
  payload: CreateApiKeyPayload,
  load: async (value, ctx) => ({ apiKey: await ctx.db.apiKey.findUniqueOrThrow({ where: { id: value.apiKeyId } }), secret: value.secret }),
});

const RevokeApiKeyInput = builder.inputType('RevokeApiKeyInput', {
  fields: (t) => ({
    apiKeyId: t.globalID({ for: [ApiKeyRef] }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

const ApiKeyPayload = payloadType('ApiKeyPayload', 'apiKey', ApiKeyRef, AccountUserError);

defineMutation('revokeApiKey', {
  description: 'Revokes the key for good: requests with it are refused with HTTP 401 from now on.',
  access: { scope: 'apikeys:manage' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: RevokeApiKeyInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    revokeApiKey(ctx.db, partnerId, meta, { apiKeyId: Number(input.apiKeyId.id), idempotencyKey: input.idempotencyKey }),
  payload: ApiKeyPayload,
  load: (value, ctx) => ctx.db.apiKey.findUniqueOrThrow({ where: { id: value.apiKeyId } }),
});
