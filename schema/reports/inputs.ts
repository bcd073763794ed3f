import { GRANULARITIES, rangeProblem, type Granularity } from '@leaseboard/domain/reports/report-buckets.rules';
import type { ReportScope } from '@leaseboard/domain/reports/report-sql';
import type { Context } from '../context.ts';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { ProductRef, ProductTypeRef } from '../catalog/types.ts';
import { readablePartnerId } from '../tenancy.ts';

export const GranularityEnum = builder.enumType('ReportGranularity', {
  description: 'Calendar buckets in UTC; weeks start on Monday.',
  values: GRANULARITIES,
});

export const ReportRangeInput = builder.inputType('ReportRange', {
  description: 'The instants [from, to) cut into calendar days, weeks or months (at most 1000 of them).',
  fields: (t) => ({
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime', description: 'Exclusive.' }),
    granularity: t.field({ type: GranularityEnum, required: false, defaultValue: 'MONTH' }),
  }),
  validate: z
    .object({ from: z.date(), to: z.date(), granularity: z.enum(GRANULARITIES).nullish() })
    .superRefine((range, ctx) => {
      const problem = rangeProblem({ from: range.from, to: range.to, granularity: range.granularity ?? 'MONTH' });
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['to'] });
    }),
});

export const ReportFilterInput = builder.inputType('ReportFilter', {
  description: 'Only leases of this product type or product (the lease’s current product).',
  fields: (t) => ({
    productTypeId: t.globalID({ required: false, for: [ProductTypeRef] }),
    productId: t.globalID({ required: false, for: [ProductRef] }),
  }),
});

type FilterArg = typeof ReportFilterInput.$inferInput | null | undefined;
type RangeArg = typeof ReportRangeInput.$inferInput;

/** The viewer's tenant (vendor staff: every partner) and the filter, as the report use cases take them. */
export function reportScope(ctx: Context, filter: FilterArg): ReportScope {
  return {
    partnerId: readablePartnerId(ctx),
    productTypeId: filter?.productTypeId ? Number(filter.productTypeId.id) : null,
    productId: filter?.productId ? Number(filter.productId.id) : null,
  };
}

export function reportRange(range: RangeArg): { from: Date; to: Date; granularity: Granularity } {
  return { from: range.from, to: range.to, granularity: range.granularity ?? 'MONTH' };
}
