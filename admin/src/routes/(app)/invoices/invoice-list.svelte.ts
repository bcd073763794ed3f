import { query } from '$lib/graphql/client.ts';
import { InvoicesPageQuery, type InvoicesPage } from '$lib/graphql/billing.ts';
import { Resource } from '$lib/state/resource.svelte.ts';
import type { InvoiceStatusFilter } from './+page.ts';

const PAGE_SIZE = 12;

export interface InvoiceListQuery {
  status: InvoiceStatusFilter;
  after: string | null;
  before: string | null;
}

/** One page of the partner's invoices, newest month first. */
export class InvoiceList extends Resource<InvoicesPage> {
  #query: InvoiceListQuery = { status: '', after: null, before: null };

  constructor() {
    super(async () => {
      const q = this.#query;
      const status = q.status || null;
      const page = q.before ? { last: PAGE_SIZE, before: q.before } : { first: PAGE_SIZE, after: q.after };
      return (await query(InvoicesPageQuery, { ...page, status })).invoices;
    });
  }

  show(next: InvoiceListQuery): Promise<void> {
    this.#query = next;
    return this.load();
  }
}
