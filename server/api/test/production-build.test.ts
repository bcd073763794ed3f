import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@leaseboard/db/free-port';
import { createTestDatabase, type TestDatabase } from '@leaseboard/db/testing/test-database';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
let database: TestDatabase;

function run(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, args, { cwd: apiDir, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(async () => {
  database = await createTestDatabase();
  const build = run(['scripts/build.mjs']);
  let stderr = '';
  build.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise((resolve) => build.once('exit', resolve));
  if (code !== 0) throw new Error(`the build failed: ${stderr}`);
}, 120_000);
afterAll(() => database.drop());

describe('the production build (server/api/dist)', () => {
  it('imports nothing of tsx or TypeScript', () => {
    const main = readFileSync(`${apiDir}/dist/main.js`, 'utf8');
    expect(main).not.toMatch(/from\s*["'][^"']*\/tsx@|\.ts["']\)?;/);
  });

  it('serves GraphQL with plain node and stops cleanly on SIGTERM', { timeout: 120_000 }, async () => {
    const server = run(['dist/main.js'], { DATABASE_URL: database.url, PORT: String(await freePort()), LOG_LEVEL: 'error' });
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout }).on('line', (line) => {
        lines.push(line);
        const ready = /is ready at (\S+)/.exec(line)?.[1];
        if (ready) resolve(ready);
      });
      void exited.then(() => reject(new Error(`the built server did not start: ${stderr}`)));
    });
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ catalog { name } }' }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty('data.catalog');
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.at(-1)).toMatch(/^Leaseboard stopped \(SIGTERM\)/);
    expect(stderr).toBe('');
  });

  it('has an export process that starts with plain node', { timeout: 60_000 }, async () => {
    const child = fork(`${apiDir}/dist/export-process.js`, [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const first = await new Promise<unknown>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`the export process exited with ${code}`)));
    });
    child.kill('SIGKILL');
    expect(first).toEqual({ ready: true });
  });
});
