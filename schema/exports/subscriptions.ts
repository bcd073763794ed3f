import { setTimeout as sleep } from 'node:timers/promises';
import type { ExportModel as Export } from '@leaseboard/db';
import type { Context } from '../context.ts';
import { builder } from '../builder.ts';
import { tenantWhere } from '../tenancy.ts';
import { ExportRef } from './types.ts';

const POLL_MS = 500;

/**
 * The export's row, polled every 500 ms: emitted first at once, then whenever its status or progress
 * changes, and the stream ends after SUCCEEDED, FAILED or EXPIRED. An export that is not the viewer's (or does
 * not exist) ends the stream without events.
 */
async function* exportChanges(ctx: Context, exportId: number): AsyncGenerator<Export> {
  let last = '';
  for (;;) {
    const row = await ctx.db.export.findFirst({ where: { id: exportId, ...tenantWhere(ctx) } });
    if (!row) return;
    const state = `${row.status}:${row.rowsDone}:${row.totalRows}`;
    if (state !== last) {
      last = state;
      yield row;
    }
    if (row.status === 'SUCCEEDED' || row.status === 'FAILED' || row.status === 'EXPIRED') return;
    await sleep(POLL_MS);
  }
}

builder.subscriptionField('exportProgress', (t) =>
  t.field({
    type: ExportRef,
    description: 'Follows an export until it SUCCEEDED, FAILED or EXPIRED (Server-Sent Events: POST /graphql with Accept: text/event-stream).',
    authScopes: { scope: 'customers:export' },
    args: { id: t.arg.globalID({ for: [ExportRef] }) },
    subscribe: (_root, args, ctx) => exportChanges(ctx, Number(args.id.id)),
    resolve: (row: Export) => row,
  }),
);
