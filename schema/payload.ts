import type { ObjectRef } from '@pothos/core';
import type { DomainError } from '@leaseboard/domain/result';
import { builder } from './builder.ts';
import type { PayloadRef } from './mutation.ts';

type Payload<Code extends string> = { [key: string]: unknown; userErrors: DomainError<Code>[] };

/** A mutation payload: the object it produced (null when refused) and the userErrors that say why. */
export function payloadType<T, Code extends string>(
  typeName: string,
  field: string,
  objectRef: ObjectRef<any, T>,
  errorRef: ObjectRef<any, DomainError<Code>>,
): PayloadRef<T, Code> {
  const ref = builder.objectRef<Payload<Code>>(typeName).implement({
    fields: (t) => ({
      [field]: t.field({ type: objectRef, nullable: true, resolve: (p) => p[field] as never }),
      userErrors: t.field({ type: [errorRef], resolve: (p) => p.userErrors }),
    }),
  });
  return {
    ref,
    success: (loaded) => ({ [field]: loaded, userErrors: [] }),
    refusal: (errors) => ({ [field]: null, userErrors: errors }),
  };
}

/** A payload of several fields (`load` returns them all), each null when the mutation is refused. */
export function multiFieldPayload<T extends Record<string, unknown>, Code extends string>(
  ref: ObjectRef<any, { [K in keyof T]: T[K] | null } & { userErrors: DomainError<Code>[] }>,
  fields: readonly (keyof T & string)[],
): PayloadRef<T, Code> {
  return {
    ref,
    success: (loaded) => ({ ...loaded, userErrors: [] }),
    refusal: (errors) => ({ ...Object.fromEntries(fields.map((field) => [field, null])), userErrors: errors }),
  };
}

/** The loaded value is the whole answer; the use case never refuses (its error codes are `never`). */
export function plainPayload<T>(ref: ObjectRef<any, T> | 'Boolean'): PayloadRef<T, never> {
  return {
    ref,
    success: (loaded) => loaded,
    refusal: () => {
      throw new Error('a mutation without userErrors was refused');
    },
  };
}
