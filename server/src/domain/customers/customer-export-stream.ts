import type { Db } from '@leaseboard/db';
import { exportChunk, type CustomerExportFilter, type ExportFormat } from './customer-export.rules.ts';
import { customerExportChunks, EXPORT_CHUNK_SIZE } from './read-customer-export.ts';

/**
 * The export as a byte stream that reads one chunk of customers per pull: nothing is read ahead of what
 * the client has taken, so memory stays flat however many customers there are, and a client that goes
 * away stops the reads.
 */
export function customerExportStream(
  db: Db,
  partnerId: number | null,
  filter: CustomerExportFilter,
  format: ExportFormat,
  now: Date,
  chunkSize: number = EXPORT_CHUNK_SIZE,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks = customerExportChunks(db, partnerId, filter, now, chunkSize);
  let first = true;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) {
          // An export without customers is still a valid file: the BOM and header line.
          if (first) controller.enqueue(encoder.encode(exportChunk(format, [], true)));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(exportChunk(format, next.value, first)));
        first = false;
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
