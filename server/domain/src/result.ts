import type { AfterCommit } from './after-commit.ts';

/** A business failure: a stable code for programs, a message for people, and the input field at fault. */
export interface DomainError<Code extends string = string> {
  code: Code;
  message: string;
  field?: string[];
}

/**
 * What a use case returns. A success may name work to run once its transaction has committed (deliver the
 * mail it queued, start the export it recorded): the caller runs it with `runAfterCommit`, never before.
 */
export type Result<T, Code extends string = string> =
  | { ok: true; value: T; afterCommit?: AfterCommit[] }
  | { ok: false; errors: DomainError<Code>[] };

export function ok<T>(value: T, afterCommit?: AfterCommit[]): { ok: true; value: T; afterCommit?: AfterCommit[] } {
  return afterCommit?.length ? { ok: true, value, afterCommit } : { ok: true, value };
}

export function fail<Code extends string>(code: Code, message: string, field?: string[]): { ok: false; errors: DomainError<Code>[] } {
  return { ok: false, errors: [{ code, message, ...(field ? { field } : {}) }] };
}
