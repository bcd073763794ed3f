import { PAGE_SIZE } from '$lib/paging.ts';
import { query } from '$lib/graphql/client.ts';
import { CustomersQuery, type CustomerFilter, type CustomersPage } from '$lib/graphql/customers.ts';
import { Resource } from '$lib/state/resource.svelte.ts';
import type { CurrentFilter } from './+page.ts';


export interface CustomerListQuery {
  email: string;
  name: string;
  current: CurrentFilter;
  after: string | null;
  before: string | null;
}

/** One page of the partner's customers, newest first. */
export class CustomerList extends Resource<CustomersPage> {
  #query: CustomerListQuery = { email: '', name: '', current: '', after: null, before: null };

  constructor() {
    super(async () => {
      const q = this.#query;
      const filter: CustomerFilter = {};
      if (q.email.trim()) filter.email = q.email.trim();
      if (q.name.trim()) filter.name = q.name.trim();
      if (q.current) filter.current = q.current === 'current';
      const page = q.before ? { last: PAGE_SIZE, before: q.before } : { first: PAGE_SIZE, after: q.after };
      return (await query(CustomersQuery, { filter, ...page })).customers;
    });
  }

  show(next: CustomerListQuery): Promise<void> {
    this.#query = next;
    return this.load();
  }

  get filtered(): boolean {
    return Boolean(this.#query.email || this.#query.name || this.#query.current);
  }
}
