import type { ArgBuilder, InputFieldMap, InputShapeFromFields, ObjectRef } from '@pothos/core';
import { runAfterCommit } from '@leaseboard/domain/after-commit';
import type { RequestMeta } from '@leaseboard/domain/audit/record-audit';
import type { Scope } from '@leaseboard/domain/auth/scopes';
import type { DomainError, Result } from '@leaseboard/domain/result';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { forbidden } from './refusals.ts';
import { requestMeta, writablePartnerId } from './tenancy.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Who may call a mutation, checked before anything runs; a refusal is FORBIDDEN or UNAUTHENTICATED. */
export type Access = { scope: Scope } | 'signed-in user' | 'anyone';

/**
 * A mutation's output type and how a use case's outcome becomes it: `payloadType` makes the usual
 * `{ <object>, userErrors }`; `plainPayload` answers the loaded value itself (for operations that have no
 * refusals, such as signOut and the licensing answers).
 */
export interface PayloadRef<T, Code extends string> {
  ref: ObjectRef<Types, any> | 'Boolean';
  success(loaded: T): unknown;
  refusal(errors: DomainError<Code>[]): unknown;
}

/** What every use case call gets from the adapter. */
export interface MutationCall<Args, Partner> {
  ctx: Context;
  args: Args;
  meta: RequestMeta;
  partnerId: Partner;
}

interface MutationSpec<Fields extends InputFieldMap, Value, Code extends string, T, Partner extends 'required' | 'none'> {
  description: string;
  access: Access;
  /** `required`: the caller acts for a partner (vendor staff and anonymous callers are refused with FORBIDDEN). */
  partner: Partner;
  args: (arg: ArgBuilder<Types>) => Fields;
  /** Calls the use case; its transaction has committed (or rolled back) when this returns. */
  run: (call: MutationCall<InputShapeFromFields<Fields>, Partner extends 'required' ? number : number | null>) => Promise<Result<Value, Code>>;
  payload: PayloadRef<T, Code>;
  /** Reads the payload's object after the use case succeeded (and, for signIn, sets the session cookie). */
  load: (value: Value, ctx: Context, partnerId: Partner extends 'required' ? number : number | null) => Promise<T> | T;
}

/**
 * The one way a mutation is made: authorise, require the partner where needed, call the use case, run the
 * work it asked for after its commit, and map its Result to `{ <object>, userErrors }`. Resolvers hold no
 * rules and start no jobs: the use case decides, the adapter only translates.
 */
export function defineMutation<Fields extends InputFieldMap, Value, Code extends string, T, Partner extends 'required' | 'none'>(
  name: string,
  spec: MutationSpec<Fields, Value, Code, T, Partner>,
): void {
  builder.mutationField(name, (t) =>
    t.field({
      type: spec.payload.ref,
      description: spec.description,
      authScopes: authScopesOf(spec.access),
      args: spec.args(t.arg),
      resolve: async (_root, args, ctx) => {
        const partnerId = writablePartnerId(ctx);
        if (spec.partner === 'required' && partnerId === null) throw forbidden(ctx, 'Not authorized: only partner staff and partner API keys can do this.');
        const call = { ctx, args: args as InputShapeFromFields<Fields>, meta: requestMeta(ctx), partnerId } as MutationCall<
          InputShapeFromFields<Fields>,
          Partner extends 'required' ? number : number | null
        >;
        const result = await spec.run(call);
        if (!result.ok) return spec.payload.refusal(result.errors) as never;
        await runAfterCommit(result.afterCommit, ctx);
        return spec.payload.success(await spec.load(result.value, ctx, call.partnerId)) as never;
      },
    }),
  );
}

function authScopesOf(access: Access) {
  if (access === 'anyone') return undefined;
  if (access === 'signed-in user') return (_root: unknown, _args: unknown, ctx: Context) => ctx.viewer.kind === 'user';
  return { scope: access.scope };
}
