import { query } from '$lib/graphql/client.ts';
import { DashboardQuery, type Dashboard } from '$lib/graphql/reports.ts';
import { Resource } from '$lib/state/resource.svelte.ts';
import type { Granularity } from './range.ts';

export interface DashboardRange {
  from: string;
  to: string;
  granularity: Granularity;
}

/**
 * The instants [from, to) of whole months "YYYY-MM" … "YYYY-MM" (both included), ending at `now` at the
 * latest: the last bucket is the day, week or month in progress, never one that has not started.
 */
export function instants(range: DashboardRange, now = new Date()): { from: string; to: string } {
  const [year, month] = range.to.split('-').map(Number) as [number, number];
  const end = Math.min(Date.UTC(year, month, 1), now.getTime());
  return { from: `${range.from}-01T00:00:00.000Z`, to: new Date(end).toISOString() };
}

/** Every chart of the dashboard in one request. */
export class DashboardData extends Resource<Dashboard> {
  range = $state<DashboardRange>({ from: '', to: '', granularity: 'MONTH' });

  constructor() {
    super(async () => {
      const { from, to } = instants(this.range);
      const data = await query(DashboardQuery, { range: { from, to, granularity: this.range.granularity }, from, to });
      return data.reports;
    });
  }

  show(range: DashboardRange): Promise<void> {
    this.range = range;
    return this.load();
  }
}
