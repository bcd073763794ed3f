import { z } from 'zod';
import { EXPORT_SCOPES, type CustomerExportFilter } from '../customers/customer-export.rules.ts';

/** The filter as stored in Export.filter (JSON): times as ISO strings. */
const StoredFilter = z.object({
  scope: z.enum(EXPORT_SCOPES),
  productTypeId: z.number().int().nullable().optional(),
  from: z.iso.datetime().nullable().optional(),
  to: z.iso.datetime().nullable().optional(),
});

export function storeFilter(filter: CustomerExportFilter): z.infer<typeof StoredFilter> {
  return {
    scope: filter.scope,
    productTypeId: filter.productTypeId ?? null,
    from: filter.from?.toISOString() ?? null,
    to: filter.to?.toISOString() ?? null,
  };
}

export function readStoredFilter(json: unknown): CustomerExportFilter {
  const stored = StoredFilter.parse(json);
  return {
    scope: stored.scope,
    productTypeId: stored.productTypeId ?? null,
    from: stored.from ? new Date(stored.from) : null,
    to: stored.to ? new Date(stored.to) : null,
  };
}
