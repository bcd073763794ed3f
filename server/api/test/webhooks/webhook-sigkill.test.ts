import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@leaseboard/domain/logger';
import { createPartner } from '@leaseboard/domain/test/factories';
import { createTestServices, type TestServices } from '@leaseboard/domain/test/test-services';
import { deliverWebhooks } from '@leaseboard/domain/webhooks/deliver-webhooks';
import { generateWebhookSecret } from '@leaseboard/domain/webhooks/signature.rules';
import { verifyWebhook } from '@leaseboard/domain/webhooks/verify-webhook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpWebhookSender } from '../../src/webhooks/http-webhook-sender.ts';
import { startReceiver } from './receiver.ts';

let services: TestServices;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  services = await createTestServices();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await services.close();
});

describe('a process killed between the change and the delivery', () => {
  it('loses no event: another process delivers it from the outbox', async () => {
    const partner = await createPartner(services.db);
    const secret = generateWebhookSecret();
    await services.db.webhookEndpoint.create({ data: { partnerId: partner.id, url: receiver.url, secret, events: ['lease.started'], updatedAt: new Date() } });

    // The child starts a lease (its transaction commits), says so, and is SIGKILLed before it could do anything else.
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../live/start-lease-process.ts', import.meta.url)), String(partner.id)], {
      env: { ...process.env, DATABASE_URL: services.database.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('committed\n')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`the child ended early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(child.signalCode).toBe('SIGKILL');
    const leaseId = Number(/^lease \d+ (\d+)$/m.exec(out)![1]);
    expect(receiver.received).toHaveLength(0);

    const run = await deliverWebhooks({
      db: services.db,
      clock: { now: () => new Date() },
      logger: silentLogger,
      sender: createHttpWebhookSender(),
      resolve: async () => ['127.0.0.1'],
      allowLoopback: true,
      publicUrl: 'http://leaseboard.test',
    });
    expect(run).toEqual({ delivered: 1, failed: 0 });
    const [request] = receiver.received;
    const event = await verifyWebhook<{ lease: { leaseNumber: number } }>({ secret, headers: request!.headers as Record<string, string>, body: request!.body });
    expect(event).toMatchObject({ type: 'lease.started', data: { lease: { leaseNumber: leaseId } } });
  });
});
