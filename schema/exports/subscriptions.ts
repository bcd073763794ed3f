import { setTimeout as sleep } from 'node:timers/promises';
import type { ExportModel as Export } from '@leaseboard/db';
import type { LiveBus } from '@leaseboard/domain/live/live-bus';
import type { Context } from '../context.ts';
import { builder } from '../builder.ts';
import { readablePartnerId, tenantWhere } from '../tenancy.ts';
import { ExportRef } from './types.ts';

/** Without a live bus (tests that build an app without one), the row is polled this often. */
const POLL_MS = 500;
/** With one, the row is read when a change is announced, and this often anyway (a LISTEN that reconnected misses changes). */
const SAFETY_MS = 5_000;

/** Resolves `next()` when the export changes (a live update about it), or after `ms`. */
function changesOf(live: LiveBus, partnerId: number | null, exportId: number) {
  let changed = false;
  let wake: (() => void) | null = null;
  const unsubscribe = live.subscribe(partnerId, (message) => {
    if (message.type !== 'export.progress' || message.exportId !== exportId) return;
    changed = true;
    wake?.();
  });
  return {
    async next(ms: number): Promise<void> {
      if (!changed) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      changed = false;
      wake = null;
    },
    close: unsubscribe,
  };
}

/**
 * The export's row, emitted first at once, then whenever its status or progress changes (announced by a
 * trigger over live updates; polled every 500 ms where no live bus runs); the stream ends after
 * SUCCEEDED, FAILED or EXPIRED. An export that is not the viewer's (or does not exist) ends the stream
 * without events.
 */
async function* exportChanges(ctx: Context, exportId: number): AsyncGenerator<Export> {
  const changes = ctx.live ? changesOf(ctx.live, readablePartnerId(ctx), exportId) : null;
  try {
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
      await (changes ? changes.next(SAFETY_MS) : sleep(POLL_MS));
    }
  } finally {
    changes?.close();
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
