import { redirect } from '@sveltejs/kit';
import { modulesFor } from '$lib/navigation.ts';
import type { PageLoad } from './$types';

/** "/" opens the first module the viewer may use. */
export const load = (async ({ parent }) => {
  const { me } = await parent();
  const first = modulesFor(me.scopes)[0];
  if (first) redirect(307, first.href);
  return {};
}) satisfies PageLoad;
