import { query } from '$lib/graphql/client.ts';
import { LeasesQuery, type LeaseFilter, type LeasesVariables } from '$lib/graphql/leases.ts';
import type { ResultOf } from '$lib/graphql/graphql.ts';
import { Resource } from '$lib/state/resource.svelte.ts';
import type { StatusFilter } from './+page.ts';

export const PAGE_SIZE = 25;

export interface LeaseListQuery {
  search: string;
  status: StatusFilter;
  productTypeId: string;
  after: string | null;
  before: string | null;
}

type Connection = ResultOf<typeof LeasesQuery>['leases'];

/** One page of the partner's leases for the search box, the filters and a cursor. */
export class LeaseList extends Resource<Connection> {
  #query: LeaseListQuery = { search: '', status: '', productTypeId: '', after: null, before: null };

  constructor() {
    super(() => query(LeasesQuery, variablesOf(this.#query)).then((d) => d.leases));
  }

  show(next: LeaseListQuery): Promise<void> {
    this.#query = next;
    return this.load();
  }

  get filtered(): boolean {
    return Boolean(this.#query.search || this.#query.status || this.#query.productTypeId);
  }
}

function variablesOf(q: LeaseListQuery): LeasesVariables {
  const filter: LeaseFilter = {};
  if (q.search.trim()) filter.search = q.search.trim();
  if (q.status) filter.status = q.status;
  if (q.productTypeId) filter.productTypeId = q.productTypeId;
  if (q.before) return { filter, last: PAGE_SIZE, before: q.before };
  return { filter, first: PAGE_SIZE, after: q.after };
}
