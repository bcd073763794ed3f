import SchemaBuilder from '@pothos/core';
import { GraphQLError } from 'graphql';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type PrismaTypes from '@leaseboard/db/pothos-types';
import { getDatamodel } from '@leaseboard/db/pothos-types';
import type { Scope } from '@leaseboard/domain/auth/scopes';
import type { Context } from './context.ts';
import { fieldCost, MAX_NODE_IDS } from './cost.ts';
import { mayReadNode } from './node-access.ts';
import { forbidden } from './refusals.ts';

/** Set right after construction: the options below need the builder, and naming it there would make its type circular. */
const self: { builder?: unknown } = {};

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    Cents: { Input: number; Output: number };
  };
  AuthScopes: {
    scope: Scope;
    signedIn: boolean;
    partnerMember: boolean;
    vendor: boolean;
  };
}>({
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ErrorsPlugin, DataloaderPlugin, ValidationPlugin, ComplexityPlugin],
  scopeAuth: {
    // Subscriptions are refused when they are started, not only when their first event would be sent.
    authorizeOnSubscribe: true,
    // Type scopes are checked by every field of the type (once per request, then remembered), not by isTypeOf:
    // graphql-jit, which executes every request (the API's app.ts), does not call isTypeOf on object types.
    runScopesOnType: false,
    unauthorizedError: (_parent, ctx, _info, result) => forbidden(ctx, result.message),
    authScopes: (ctx) => ({
      scope: (scope: Scope) => ctx.viewer.scopes.has(scope),
      signedIn: ctx.viewer.kind !== 'anonymous',
      partnerMember: ctx.viewer.kind !== 'anonymous' && ctx.viewer.partnerId !== null,
      vendor: ctx.viewer.kind === 'user' && ctx.viewer.role === 'ADMIN',
    }),
  },
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env['NODE_ENV'] === 'production' ? null : 'error',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // An ID that does not exist, or belongs to another partner, resolves to null rather than an error.
    // A node the viewer may not read through its type's own query (node-access.ts) is null too.
    nodeQueryOptions: { resolve: (_root, { id }, ctx, _info, resolveNode) => (mayReadNode(id, ctx) ? nullWhenMissing(resolveNode(id)) : null) },
    // One lookup per ID (the callback Pothos passes resolves all of args.ids), so a missing one is null alone.
    nodesQueryOptions: {
      resolve: (_root, { ids }, ctx, info) => {
        if (ids.length > MAX_NODE_IDS) throw new GraphQLError(`nodes takes at most ${MAX_NODE_IDS} IDs; got ${ids.length}.`, { extensions: { code: 'BAD_USER_INPUT' } });
        return ids.map((id) => !mayReadNode(id, ctx) ? null : nullWhenMissing(resolveNodes(self.builder as never, ctx, info, [id]).then((found) => found[0])));
      },
    },
  },
  errors: { defaultTypes: [] },
  // Costs only: the limit (COST_LIMIT) is checked once per request, before execution, by the API's cost plugin.
  complexity: { fieldComplexity: fieldCost },
});

self.builder = builder;

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

async function nullWhenMissing<T>(lookup: T | Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2025') return null;
    throw error;
  }
}
