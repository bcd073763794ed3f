import { PAGE_SIZE } from '$lib/paging.ts';
import { query } from '$lib/graphql/client.ts';
import { LeasesQuery, type LeaseFilter, type LeasesVariables } from '$lib/graphql/leases.ts';
import type { ResultOf } from '$lib/graphql/graphql.ts';
import { Resource } from '$lib/state/resource.svelte.ts';
import type { StatusFilter } from './+page.ts';

export { PAGE_SIZE };

export interface LeaseListQuery {
  search: string;
  status: StatusFilter;
  productTypeId: string;
  after: string | null;
  before: string | null;
  /** Vendor staff: one partner's leases (a Partner global ID), or every partner's when empty. */
  partnerId?: string;
}

type Connection = ResultOf<typeof LeasesQuery>['leases'];

/** One page of the partner's leases for the search box, the filters and a cursor. */
export class LeaseList extends Resource<Connection> {
  #query: LeaseListQuery = { search: '', status: '', productTypeId: '', after: null, before: null };

  /** Vendor staff see every partner's leases, with a Partner column. */
  readonly withPartner: boolean;

  constructor(withPartner = false) {
    super(() => query(LeasesQuery, { ...variablesOf(this.#query), withPartner: this.withPartner }).then((d) => d.leases));
    this.withPartner = withPartner;
  }

  show(next: LeaseListQuery): Promise<void> {
    this.#query = next;
    return this.load();
  }

  /** The search and filters shown, as LeaseFilter (stopLeases' matchingLeases takes the same). */
  get filter(): LeaseFilter {
    return variablesOf(this.#query).filter ?? {};
  }

  get filtered(): boolean {
    return Boolean(this.#query.search || this.#query.status || this.#query.productTypeId || this.#query.partnerId);
  }
}

function variablesOf(q: LeaseListQuery): LeasesVariables {
  const filter: LeaseFilter = {};
  if (q.search.trim()) filter.search = q.search.trim();
  if (q.status) filter.status = q.status;
  if (q.productTypeId) filter.productTypeId = q.productTypeId;
  const partnerId = q.partnerId || null;
  if (q.before) return { filter, partnerId, last: PAGE_SIZE, before: q.before };
  return { filter, partnerId, first: PAGE_SIZE, after: q.after };
}
