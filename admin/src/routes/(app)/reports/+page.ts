import { requireScope } from '$lib/guard.ts';
import { monthOf, type Granularity } from './range.ts';
import type { PageLoad } from './$types';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The date range lives in the URL: from and to are whole months (both included). */
export const load = (async ({ url, parent }) => {
  requireScope((await parent()).me, 'reports:read');
  const p = url.searchParams;
  let from = MONTH.test(p.get('from') ?? '') ? p.get('from')! : monthOf(-11);
  let to = MONTH.test(p.get('to') ?? '') ? p.get('to')! : monthOf(0);
  if (from > to) [from, to] = [to, from];
  const by = p.get('by');
  const granularity: Granularity = by === 'DAY' || by === 'WEEK' ? by : 'MONTH';
  return { from, to, granularity };
}) satisfies PageLoad;
