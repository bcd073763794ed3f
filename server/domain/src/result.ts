/** A business failure: a stable code for programs, a message for people, and the input field at fault. */
export interface DomainError<Code extends string = string> {
  code: Code;
  message: string;
  field?: string[];
}

export type Result<T, Code extends string = string> = { ok: true; value: T } | { ok: false; errors: DomainError<Code>[] };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<Code extends string>(code: Code, message: string, field?: string[]): { ok: false; errors: DomainError<Code>[] } {
  return { ok: false, errors: [{ code, message, ...(field ? { field } : {}) }] };
}
