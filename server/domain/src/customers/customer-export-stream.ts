import type pg from 'pg';
import { exportHeader, type CustomerExportFilter, type ExportFormat } from './customer-export.rules.ts';
import { customerExportChunks, EXPORT_CHUNK_SIZE } from './read-customer-export.ts';

/**
 * The export as a byte stream that reads chunks of customers as the client takes them: reads run at
 * most a couple of chunks ahead of the client, so memory stays flat however many customers there are,
 * and a client that goes away stops the reads.
 */
export function customerExportStream(
  pool: pg.Pool,
  partnerId: number | null,
  filter: CustomerExportFilter,
  format: ExportFormat,
  now: Date,
  chunkSize: number = EXPORT_CHUNK_SIZE,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks = customerExportChunks(pool, partnerId, filter, format, now, chunkSize);
  let header: Uint8Array | null = encoder.encode(exportHeader(format));
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) {
          // An export without customers is still a valid file: the BOM and header line.
          if (header?.length) controller.enqueue(header);
          controller.close();
          return;
        }
        if (header?.length) controller.enqueue(header);
        header = null;
        controller.enqueue(next.value.bytes);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
