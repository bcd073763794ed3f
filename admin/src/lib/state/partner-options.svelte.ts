import { query } from '$lib/graphql/client.ts';
import { PartnerOptionsQuery } from '$lib/graphql/vendor.ts';
import { Resource } from './resource.svelte.ts';

/** Every partner's id and company, for vendor staff's Partner filters. */
export class PartnerOptions extends Resource<{ id: string; company: string }[]> {
  constructor() {
    super(async () => (await query(PartnerOptionsQuery, {})).partners.edges.map((e) => e.node));
  }
}
