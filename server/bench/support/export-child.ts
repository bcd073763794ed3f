import { createDb } from '@leaseboard/db';
import { customerExportStream } from '../../src/domain/customers/customer-export-stream.ts';
import type { ExportFormat } from '../../src/domain/customers/customer-export.rules.ts';

/**
 * Runs one export of every customer (every partner) in a process of its own, so its peak memory is its
 * own, and prints one JSON line: rows, bytes, milliseconds and the process's maximum resident set size.
 *   tsx bench/support/export-child.ts <database url> <CSV|JSONL|IDLE> <now ISO>
 * IDLE only connects and runs one query: the memory of the process before any export.
 */
const [url, format, now] = process.argv.slice(2) as [string, ExportFormat | 'IDLE', string];
const db = createDb(url, { max: 3 });
if (format === 'IDLE') {
  await db.$queryRaw`SELECT 1`;
  await db.$disconnect();
  console.log(JSON.stringify({ rows: 0, bytes: 0, ms: 0, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.exit(0);
}
/** Line ends in a chunk, found with indexOf (a byte-by-byte loop would cost the export a second per 100 MB). */
function countLines(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  for (let at = buffer.indexOf(0x0a); at !== -1; at = buffer.indexOf(0x0a, at + 1)) count++;
  return count;
}

const started = performance.now();
const reader = customerExportStream(db, null, { scope: 'ALL' }, format, new Date(now)).getReader();
let bytes = 0;
let lines = 0;
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  bytes += value.byteLength;
  lines += countLines(value);
}
const ms = performance.now() - started;
await db.$disconnect();
const rows = format === 'CSV' ? lines - 1 : lines;
console.log(JSON.stringify({ rows, bytes, ms: Math.round(ms), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
