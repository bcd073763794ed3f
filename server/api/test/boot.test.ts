import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { boot } from '../src/boot.ts';
import { loadConfig } from '@leaseboard/domain/config';
import { silentLogger } from '@leaseboard/domain/logger';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'leaseboard-boot-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startLine(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout };
}

describe('the server', () => {
  describe('when started twice on the same data directory', () => {
    // Two start-ups, the first applying every migration: 37 s at load 24 on this shared machine.
    it('keeps its data', { timeout: 120_000 }, async () => {
      const config = { ...loadConfig({ DATA_DIR: dataDir }), port: 0 };
      const first = await boot(config, { logger: silentLogger, demoData: false });
      const partner = await first.services.db.partner.create({
        data: { company: 'Persistent Hosting', contactName: 'P', contactEmail: 'p@p.test', billingEmail: 'b@p.test' },
      });
      const health = await fetch(`${first.url}/readyz`);
      expect(health.status).toBe(200);
      await first.stop();

      const second = await boot(config, { logger: silentLogger, demoData: false });
      try {
        expect(await second.services.db.partner.findUnique({ where: { id: partner.id } })).toMatchObject({ company: 'Persistent Hosting' });
      } finally {
        await second.stop();
      }
    });
  });

  describe('when the rate limits are set', () => {
    it('refuses a caller beyond them with RATE_LIMITED', { timeout: 120_000 }, async () => {
      const config = { ...loadConfig({ DATA_DIR: dataDir, RATE_LIMIT_REQUESTS_BURST: '2', RATE_LIMIT_REQUESTS_PER_SECOND: '1' }), port: 0 };
      const server = await boot(config, { logger: silentLogger, demoData: false });
      try {
        const answers: { status: number; code?: string }[] = [];
        for (let i = 0; i < 10; i++) {
          const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
          const body = (await response.json()) as { errors?: { extensions: { code: string } }[] };
          answers.push({ status: response.status, ...(body.errors ? { code: body.errors[0]!.extensions.code } : {}) });
        }
        expect(answers.slice(0, 2)).toEqual([{ status: 200 }, { status: 200 }]);
        // A token comes back each second, so a slow machine may let one more through; never all ten.
        expect(answers).toContainEqual({ status: 429, code: 'RATE_LIMITED' });
      } finally {
        await server.stop();
      }
    });
  });

  describe('when DATABASE_URL is wrong', () => {
    it('stops with one clear line naming it', () => {
      const malformed = startLine({ DATABASE_URL: 'mysql://nope' });
      expect(malformed.status).toBe(1);
      expect(malformed.stderr).toBe('Invalid DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://nope")');

      const unreachable = startLine({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
      expect(unreachable.status).toBe(1);
      expect(unreachable.stderr.split('\n')).toHaveLength(1);
      expect(unreachable.stderr).toMatch(/^Cannot connect to DATABASE_URL postgres:\/\/127\.0\.0\.1:1\/none: /);
    });
  });

  describe('when PORT is wrong', () => {
    it('stops with one clear line naming it', () => {
      const result = startLine({ PORT: 'eighty' });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe('Invalid PORT: must be a number (got "eighty")');
    });
  });
});
