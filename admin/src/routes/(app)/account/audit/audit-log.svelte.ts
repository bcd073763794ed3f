import { query } from '$lib/graphql/client.ts';
import { AuditLogQuery, type AuditLogPage } from '$lib/graphql/account.ts';
import { Resource } from '$lib/state/resource.svelte.ts';

type Entry = AuditLogPage['edges'][number]['node'];

/** The audit log, newest first, filtered by exact action and target type; "Show more" appends. */
export class AuditLog extends Resource<{ entries: Entry[]; page: AuditLogPage }> {
  filter = $state({ action: '', targetType: '' });
  #after: string | null = null;

  constructor() {
    super(async () => {
      const filter = { action: this.filter.action.trim() || null, targetType: this.filter.targetType.trim() || null };
      const { auditLog } = await query(AuditLogQuery, { first: 50, after: this.#after, filter });
      const earlier = this.#after ? (this.data?.entries ?? []) : [];
      return { entries: [...earlier, ...auditLog.edges.map((e) => e.node)], page: auditLog };
    });
  }

  search(): Promise<void> {
    this.#after = null;
    return this.load();
  }

  more(): Promise<void> {
    this.#after = this.data?.page.pageInfo.endCursor ?? null;
    return this.load();
  }
}
