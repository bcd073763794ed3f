import { requireScope } from '$lib/guard.ts';
import type { PageLoad } from './$types';

export type CurrentFilter = 'current' | 'past' | '';

export const load = (async ({ url, parent }) => {
  requireScope((await parent()).me, 'customers:read');
  const p = url.searchParams;
  const current = p.get('current');
  return {
    email: p.get('email') ?? '',
    name: p.get('name') ?? '',
    current: (current === 'current' || current === 'past' ? current : '') as CurrentFilter,
    after: p.get('after'),
    before: p.get('before'),
  };
}) satisfies PageLoad;
