import { requireScope } from '$lib/guard.ts';
import type { PageLoad } from './$types';

const STATUSES = ['DRAFT', 'OPEN', 'PAID', 'PAST_DUE', 'VOID'] as const;
export type InvoiceStatusFilter = (typeof STATUSES)[number] | '';

export const load = (async ({ url, parent }) => {
  requireScope((await parent()).me, 'billing:read');
  const status = url.searchParams.get('status') ?? '';
  return {
    status: ((STATUSES as readonly string[]).includes(status) ? status : '') as InvoiceStatusFilter,
    partnerId: url.searchParams.get('partner') ?? '',
    after: url.searchParams.get('after'),
    before: url.searchParams.get('before'),
  };
}) satisfies PageLoad;
