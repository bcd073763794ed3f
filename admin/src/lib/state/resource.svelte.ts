import { errorMessage } from '$lib/graphql/client.ts';

/**
 * Data loaded on demand with its loading and error state. A newer load wins over an older one still in
 * flight, so quick typing in a search box never shows stale rows.
 */
export class Resource<T> {
  data = $state<T>();
  error = $state<string | null>(null);
  loading = $state(false);
  #seq = 0;
  readonly #fetch: () => Promise<T>;

  constructor(fetch: () => Promise<T>) {
    this.#fetch = fetch;
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    this.error = null;
    try {
      const value = await this.#fetch();
      if (seq === this.#seq) this.data = value;
    } catch (error) {
      if (seq === this.#seq) this.error = errorMessage(error);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
