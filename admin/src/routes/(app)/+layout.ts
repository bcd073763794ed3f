import { redirect } from '@sveltejs/kit';
import { query } from '$lib/graphql/client.ts';
import { MeQuery } from '$lib/graphql/session.ts';
import type { LayoutLoad } from './$types';

export const load = (async ({ url, depends }) => {
  depends('app:session');
  const { me } = await query(MeQuery, {});
  if (!me) redirect(307, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  return { me };
}) satisfies LayoutLoad;
