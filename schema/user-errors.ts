import type { DomainError } from '@leaseboard/domain/result';
import { builder } from './builder.ts';

/**
 * One userErrors type per domain, each with its own code enum:
 * `userErrors { field message code }` on every mutation payload.
 */
export function userErrorType<const Codes extends readonly string[]>(domain: string, codes: Codes) {
  const CodeEnum = builder.enumType(`${domain}ErrorCode`, { values: codes });
  return builder.objectRef<DomainError<Codes[number]>>(`${domain}UserError`).implement({
    description: `A ${domain.toLowerCase()} request that was refused; nothing was changed.`,
    fields: (t) => ({
      field: t.stringList({ nullable: true, description: 'Path to the input field at fault.', resolve: (e) => e.field ?? null }),
      message: t.exposeString('message'),
      code: t.field({ type: CodeEnum, resolve: (e) => e.code as never }),
    }),
  });
}
