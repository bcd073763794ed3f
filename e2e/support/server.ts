import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '@leaseboard/db';
import { boot, type BootOptions, type Running } from '@leaseboard/api/boot';
import { loadConfig } from '@leaseboard/domain/config';
import { silentLogger } from '@leaseboard/domain/logger';
import { startSmtpPeer, type SmtpPeer } from '@leaseboard/domain/test/smtp-peer';

export interface TestServer {
  /** http://127.0.0.1:<port>: the admin SPA at /, GraphQL at /graphql. */
  url: string;
  db: Db;
  running: Running;
  /** The real SMTP server the outbox delivers to. */
  smtp: SmtpPeer;
  stop(): Promise<void>;
}

/**
 * The real product, in-process: a fresh embedded database in a temp DATA_DIR (so every spec file starts from
 * an empty database), migrations, jobs, HTTP on a free port, and mail to a real SMTP peer. `env` adds
 * settings (e.g. a small LEASE_COUNT_CAP); `options` test hooks (an export runner a test can pause).
 */
export async function startServer(env: Record<string, string> = {}, options: Pick<BootOptions, 'exportRunner'> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'leaseboard-e2e-'));
  const smtp = await startSmtpPeer();
  const config = { ...loadConfig({ DATA_DIR: dataDir, SMTP_URL: smtp.url, LOG_LEVEL: 'error', NODE_ENV: 'test', ...env }), port: 0 };
  const running = await boot(config, { ...options, demoData: false, logger: silentLogger });
  // Links the server writes (export downloads) must point at the port it really got.
  config.publicUrl = running.url;
  return {
    url: running.url,
    db: running.services.db,
    running,
    smtp,
    async stop() {
      await running.stop();
      await smtp.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
