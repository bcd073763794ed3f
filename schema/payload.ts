import type { ObjectRef } from '@pothos/core';
import type { DomainError } from '@leaseboard/domain/result';
import { builder } from './builder.ts';

/** A mutation payload: the object it produced (null when refused) and the userErrors that say why. */
export function payloadType<Name extends string, T, Code extends string>(
  typeName: string,
  field: Name,
  objectRef: ObjectRef<any, T>,
  errorRef: ObjectRef<any, DomainError<Code>>,
) {
  type Payload = { [K in Name]: T | null } & { userErrors: DomainError<Code>[] };
  return builder.objectRef<Payload>(typeName).implement({
    fields: (t) => ({
      [field]: t.field({ type: objectRef, nullable: true, resolve: (p: Payload) => p[field] as never }),
      userErrors: t.field({ type: [errorRef], resolve: (p: Payload) => p.userErrors }),
    }),
  });
}
