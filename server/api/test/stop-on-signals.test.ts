import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@leaseboard/db/free-port';
import { createTestDatabase, type TestDatabase } from '@leaseboard/db/testing/test-database';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** Starts `src/main.ts` on the test database, waits until it is ready, sends the signal and collects the rest. */
async function startAndSignal(signal: NodeJS.Signals) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: database.url, PORT: String(await freePort()), LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout.push(line);
      const url = /is ready at (\S+)/.exec(line)?.[1];
      if (url) resolve(url);
    }),
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await Promise.race([ready, exited.then(() => Promise.reject(new Error(`the server did not start: ${stderr}`)))]);
  expect((await fetch(`${url}/readyz`)).status).toBe(200);
  child.kill(signal);
  const exit = await exited;
  return { exit, stdout, stderr };
}

describe('the server process', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    describe(`when it gets ${signal}`, () => {
      it('stops with one line and exits 0', { timeout: 120_000 }, async () => {
        const result = await startAndSignal(signal);
        expect(result.exit).toEqual({ code: 0, signal: null });
        expect(result.stdout.at(-1)).toMatch(new RegExp(`^Leaseboard stopped \\(${signal}\\) in \\d+ ms\\.$`));
        expect(result.stderr).toBe('');
      });
    });
  }
});
