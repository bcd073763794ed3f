import { EXPORT_ERROR_CODES } from '@leaseboard/domain/exports/export-errors';
import { startCustomerExport } from '@leaseboard/domain/exports/start-customer-export';
import { enqueueCustomerExport } from '@leaseboard/domain/jobs/customer-export-job';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { ProductTypeRef } from '../catalog/types.ts';
import { payloadType } from '../payload.ts';
import { requestMeta, writablePartnerId } from '../tenancy.ts';
import { userErrorType } from '../user-errors.ts';
import { CustomerExportScopeEnum, ExportFormatEnum, ExportRef } from './types.ts';

const ExportUserError = userErrorType('Export', EXPORT_ERROR_CODES);
const StartCustomerExportPayload = payloadType('StartCustomerExportPayload', 'export', ExportRef, ExportUserError);

const StartCustomerExportInput = builder.inputType('StartCustomerExportInput', {
  fields: (t) => ({
    scope: t.field({ type: CustomerExportScopeEnum }),
    format: t.field({ type: ExportFormatEnum }),
    productTypeId: t.globalID({ required: false, for: [ProductTypeRef], description: 'Only leases of this product type.' }),
    from: t.field({ type: 'DateTime', required: false, description: 'Only leases started at or after this instant.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Only leases started before this instant.' }),
  }),
  validate: z
    .looseObject({ from: z.date().nullish(), to: z.date().nullish() })
    .refine((input) => !input.from || !input.to || input.from < input.to, { message: '`from` must be before `to`', path: ['to'] }),
});

builder.mutationField('startCustomerExport', (t) =>
  t.field({
    type: StartCustomerExportPayload,
    description: 'Writes your customer export in the background; follow it with export(id) or exportProgress(id).',
    authScopes: { scope: 'customers:export' },
    args: { input: t.arg({ type: StartCustomerExportInput }) },
    resolve: async (_root, { input }, ctx) => {
      const jobs = ctx.jobs;
      const result = await startCustomerExport(
        ctx.db,
        writablePartnerId(ctx)!,
        requestMeta(ctx),
        {
          format: input.format,
          filter: {
            scope: input.scope,
            productTypeId: input.productTypeId ? Number(input.productTypeId.id) : null,
            from: input.from ?? null,
            to: input.to ?? null,
          },
        },
        jobs ? (exportId) => enqueueCustomerExport(jobs, exportId) : null,
      );
      return result.ok ? { export: result.value, userErrors: [] } : { export: null, userErrors: result.errors };
    },
  }),
);
