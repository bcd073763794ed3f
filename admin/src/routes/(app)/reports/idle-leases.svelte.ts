import { query } from '$lib/graphql/client.ts';
import { IdleLeasesQuery, type IdleLeases } from '$lib/graphql/reports.ts';
import { Resource } from '$lib/state/resource.svelte.ts';

const PAGE = 20;

type IdleLease = IdleLeases['edges'][number]['node'];

/** Active leases nobody uses (never activated, or not seen for 30 days), most expensive first; "Show more" appends. */
export class IdleLeaseList extends Resource<{ rows: IdleLease[]; page: IdleLeases }> {
  #after: string | null = null;

  constructor() {
    super(async () => {
      const { reports } = await query(IdleLeasesQuery, { first: PAGE, after: this.#after });
      const earlier = this.#after ? (this.data?.rows ?? []) : [];
      return { rows: [...earlier, ...reports.idleLeases.edges.map((e) => e.node)], page: reports.idleLeases };
    });
  }

  reload(): Promise<void> {
    this.#after = null;
    return this.load();
  }

  more(): Promise<void> {
    this.#after = this.data?.page.pageInfo.endCursor ?? null;
    return this.load();
  }
}
