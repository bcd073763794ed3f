import { PAGE_SIZE } from '$lib/paging.ts';
import { query } from '$lib/graphql/client.ts';
import { InvoicesPageQuery, type InvoicesPage } from '$lib/graphql/billing.ts';
import { Resource } from '$lib/state/resource.svelte.ts';
import type { InvoiceStatusFilter } from './+page.ts';


export interface InvoiceListQuery {
  status: InvoiceStatusFilter;
  after: string | null;
  before: string | null;
  /** Vendor staff: one partner's invoices (a Partner global ID), or every partner's when empty. */
  partnerId?: string;
}

/** One page of the partner's invoices, newest month first. */
export class InvoiceList extends Resource<InvoicesPage> {
  #query: InvoiceListQuery = { status: '', after: null, before: null };

  /** Vendor staff see every partner's invoices, with a Partner column. */
  readonly withPartner: boolean;

  constructor(withPartner = false) {
    super(async () => {
      const q = this.#query;
      const status = q.status || null;
      const page = q.before ? { last: PAGE_SIZE, before: q.before } : { first: PAGE_SIZE, after: q.after };
      return (await query(InvoicesPageQuery, { ...page, status, partnerId: q.partnerId || null, withPartner: this.withPartner })).invoices;
    });
    this.withPartner = withPartner;
  }

  show(next: InvoiceListQuery): Promise<void> {
    this.#query = next;
    return this.load();
  }
}
