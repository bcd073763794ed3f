import { EXPORT_ERROR_CODES } from '@leaseboard/domain/exports/export-errors';
import { startCustomerExport } from '@leaseboard/domain/exports/start-customer-export';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { ProductTypeRef } from '../catalog/types.ts';
import { payloadType } from '../payload.ts';
import { defineMutation } from '../mutation.ts';
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

defineMutation('startCustomerExport', {
  description: 'Writes your customer export in the background; follow it with export(id) or exportProgress(id).',
  access: { scope: 'customers:export' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: StartCustomerExportInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    startCustomerExport(ctx.db, partnerId, meta, {
      format: input.format,
      filter: {
        scope: input.scope,
        productTypeId: input.productTypeId ? Number(input.productTypeId.id) : null,
        from: input.from ?? null,
        to: input.to ?? null,
      },
    }),
  payload: StartCustomerExportPayload,
  // Read again: the work after the commit may have marked it FAILED (the queue refused it).
  load: (created, ctx) => ctx.db.export.findUniqueOrThrow({ where: { id: created.id } }),
});
