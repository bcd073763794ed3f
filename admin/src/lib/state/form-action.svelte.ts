import { errorMessage, idempotencyKey } from '$lib/graphql/client.ts';

export interface UserError {
  code: string;
  message: string;
  field?: readonly string[] | null;
}

/**
 * One submission of a form to a mutation: busy while it runs, the refusals (userErrors) or the failure
 * afterwards. Each run gets a fresh idempotency key.
 */
export class FormAction {
  busy = $state(false);
  errors = $state<UserError[]>([]);
  failure = $state<string | null>(null);

  async run<T extends { userErrors: readonly UserError[] }>(send: (idempotencyKey: string) => Promise<T>): Promise<T | null> {
    if (this.busy) return null;
    this.busy = true;
    this.errors = [];
    this.failure = null;
    try {
      const payload = await send(idempotencyKey());
      this.errors = [...payload.userErrors];
      return payload.userErrors.length ? null : payload;
    } catch (error) {
      this.failure = errorMessage(error);
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** The message for one input field, if the server refused it. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field?.at(-1) === field)?.message;
  }
}
