import { error, redirect } from '@sveltejs/kit';
import { errorMessage, query } from '$lib/graphql/client.ts';
import { MeQuery } from '$lib/graphql/session.ts';
import type { LayoutLoad } from './$types';

export const load = (async ({ url, depends }) => {
  depends('app:session');
  let me;
  try {
    ({ me } = await query(MeQuery, {}));
  } catch (problem) {
    error(503, errorMessage(problem));
  }
  if (!me) redirect(307, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  return { me };
}) satisfies LayoutLoad;
