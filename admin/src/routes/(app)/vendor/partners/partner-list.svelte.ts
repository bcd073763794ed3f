import { PAGE_SIZE } from '$lib/paging.ts';
import { query } from '$lib/graphql/client.ts';
import { PartnersQuery, type PartnersPage } from '$lib/graphql/vendor.ts';
import { Resource } from '$lib/state/resource.svelte.ts';
import type { PartnerStatusFilter } from './+page.ts';

export interface PartnerListQuery {
  search: string;
  status: PartnerStatusFilter;
  after: string | null;
  before: string | null;
}

/** Every partner, by company name. */
export class PartnerList extends Resource<PartnersPage> {
  #query: PartnerListQuery = { search: '', status: '', after: null, before: null };

  constructor() {
    super(async () => {
      const q = this.#query;
      const filter = { search: q.search.trim() || null, status: q.status || null };
      const page = q.before ? { last: PAGE_SIZE, before: q.before } : { first: PAGE_SIZE, after: q.after };
      return (await query(PartnersQuery, { filter, ...page })).partners;
    });
  }

  show(next: PartnerListQuery): Promise<void> {
    this.#query = next;
    return this.load();
  }
}
