import pg from 'pg';
import { customerExportChunks } from '@leaseboard/domain/customers/read-customer-export';
import type { ExportFormat } from '@leaseboard/domain/customers/customer-export.rules';
// Loaded for its memory: the export process (src/jobs/export-process.ts) runs the export through it.
import '@leaseboard/domain/exports/run-customer-export';
import { peakRssMB } from '@leaseboard/domain/peak-rss';

/**
 * Stands for the export process (src/jobs/export-process.ts), started the same way (node with
 * EXPORT_PROCESS_EXEC_ARGV) and loading the same modules, but reading every partner's customers (an
 * Export is one partner's), so that its peak memory is an export of the whole million. Prints one JSON
 * line: rows, bytes, milliseconds, the process's own CPU time and its maximum resident set size.
 *   node --import tsx bench/support/export-child.ts <database url> <CSV|JSONL|IDLE> <now ISO>
 * IDLE only connects and runs one query: the memory of an export process before any export.
 */
const [url, format, now] = process.argv.slice(2) as [string, ExportFormat | 'IDLE', string];
const pool = new pg.Pool({ connectionString: url, max: 3 });
if (format === 'IDLE') {
  await pool.query('SELECT 1');
  await pool.end();
  console.log(JSON.stringify({ rows: 0, bytes: 0, ms: 0, cpuMs: 0, maxRssMB: peakRssMB() }));
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
let bytes = 0;
let lines = 0;
for await (const chunk of customerExportChunks(pool, null, { scope: 'ALL' }, format, new Date(now))) {
  bytes += chunk.bytes.byteLength;
  lines += countLines(chunk.bytes);
}
const ms = performance.now() - started;
await pool.end();
const cpu = process.cpuUsage();
console.log(JSON.stringify({ rows: lines, bytes, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMB: peakRssMB() }));
