import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = fileURLToPath(new URL('./billing-quote.ts', import.meta.url));

function quote(stdin: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', cliPath], { cwd: serverDir, input: stdin, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('billing-quote CLI', () => {
  describe('when stdin holds a valid request', () => {
    it('returns the quote as one JSON line on stdout and exits 0', () => {
      const result = quote(
        '{"period":"2025-01","items":[{"id":"L1","segments":[{"from":"2024-12-03T10:00:00Z","to":null,"sku":"SM-PRO-250","priceCents":1000}]}]}',
      );
      expect(result).toEqual({
        status: 0,
        stdout:
          '{"period":"2025-01","lines":[{"itemId":"L1","sku":"SM-PRO-250","priceCents":1000,"days":31,"divisor":31,"amountCents":1000}],"totalCents":1000}\n',
        stderr: '',
      });
    }, 30_000);
  });

  describe('when stdin is not JSON', () => {
    it('returns one line on stderr, nothing on stdout, and exits 2', () => {
      expect(quote('{"period":')).toEqual({
        status: 2,
        stdout: '',
        stderr: expect.stringMatching(/^billing:quote: MALFORMED_JSON: [^\n]*\n$/),
      });
    }, 30_000);
  });

  describe('when the segments overlap', () => {
    it('exits 2 naming the overlap', () => {
      const body = JSON.stringify({
        period: '2025-01',
        items: [
          {
            id: 'L1',
            segments: [
              { from: '2025-01-01T00:00:00Z', to: null, sku: 'A', priceCents: 100 },
              { from: '2025-01-10T00:00:00Z', to: null, sku: 'B', priceCents: 200 },
            ],
          },
        ],
      });
      expect(quote(body)).toEqual({
        status: 2,
        stdout: '',
        stderr: 'billing:quote: OVERLAPPING_SEGMENTS: items[0].segments[1] overlaps items[0].segments[0]\n',
      });
    }, 30_000);
  });
});
