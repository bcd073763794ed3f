import { createDb, type Db } from '@leaseboard/db';
import { createTestDatabase, type TestDatabase } from '@leaseboard/db/testing/test-database';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpPeer, type SmtpPeer } from '../../test/smtp-peer.ts';
import { ManualClock } from '../clock.ts';
import { silentLogger } from '../logger.ts';
import { createSmtpTransport, type MailTransport } from '../mail/smtp-transport.ts';
import { deliverOutbox, type DeliveryDeps } from './deliver-outbox.ts';
import { enqueueMail } from './enqueue-mail.ts';

let database: TestDatabase;
let db: Db;
let peer: SmtpPeer;
let transport: MailTransport;
const clock = new ManualClock('2025-03-01T10:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 3 });
  peer = await startSmtpPeer();
  transport = createSmtpTransport(peer.url);
});
afterAll(async () => {
  transport.close();
  await peer.close();
  await db.$disconnect();
  await database.drop();
});
beforeEach(async () => {
  await db.outboxMessage.deleteMany();
  peer.messages.length = 0;
});

function deps(overrides: Partial<DeliveryDeps> = {}): DeliveryDeps {
  return {
    db,
    clock,
    logger: silentLogger,
    transport,
    from: 'Leaseboard <no-reply@leaseboard.test>',
    renderAttachment: async (_db, ref) => ({ filename: ref.filename, contentType: ref.contentType, content: Buffer.from('%PDF-1.4 test') }),
    ...overrides,
  };
}

async function queue(subject: string, attachments = false) {
  return db.$transaction((tx) =>
    enqueueMail(
      tx,
      {
        partnerId: null,
        kind: 'test',
        to: ['customer@example.test'],
        subject,
        text: `body of ${subject}`,
        ...(attachments ? { attachments: [{ filename: 'invoice.pdf', contentType: 'application/pdf', invoiceId: 1 }] } : {}),
      },
      clock.now(),
    ),
  );
}

describe('deliverOutbox', () => {
  describe('when messages are pending', () => {
    it('sends them over SMTP and marks them SENT', async () => {
      const id = await queue('Your key', true);
      expect(await deliverOutbox(deps())).toEqual({ sent: 1, failed: 0 });
      const mail = await peer.waitFor((m) => m.subject === 'Your key');
      expect(mail.envelope.to).toEqual(['customer@example.test']);
      expect(mail.text).toContain('body of Your key');
      expect(mail.attachments[0]?.filename).toBe('invoice.pdf');
      expect(await db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'SENT', attempts: 1 });
    });
  });

  describe('when the SMTP server refuses temporarily', () => {
    it('keeps the message and retries it after the back-off, then sends it', async () => {
      const id = await queue('Retry me');
      peer.failNext(1, 451);
      expect(await deliverOutbox(deps())).toEqual({ sent: 0, failed: 1 });
      const after = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
      expect(after).toMatchObject({ status: 'PENDING', attempts: 1 });
      expect(after.nextAttemptAt.toISOString()).toBe('2025-03-01T10:01:00.000Z');

      expect(await deliverOutbox(deps())).toEqual({ sent: 0, failed: 0 });
      clock.advance(60_000);
      expect(await deliverOutbox(deps())).toEqual({ sent: 1, failed: 0 });
      expect(peer.messages.filter((m) => m.subject === 'Retry me')).toHaveLength(1);
    });
  });

  describe('when the SMTP server refuses permanently', () => {
    it('marks the message FAILED and keeps the reason', async () => {
      const id = await queue('Bounce');
      peer.failNext(1, 550);
      await deliverOutbox(deps());
      const after = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
      expect(after.status).toBe('FAILED');
      expect(after.lastError).toMatch(/550/);
    });
  });

  describe('when two workers run at once', () => {
    it('sends every message exactly once', async () => {
      for (let i = 0; i < 10; i++) await queue(`Parallel ${i}`);
      const [a, b] = await Promise.all([deliverOutbox(deps(), 10), deliverOutbox(deps(), 10)]);
      expect(a.sent + b.sent).toBe(10);
      const subjects = peer.messages.map((m) => m.subject).filter((s) => s.startsWith('Parallel'));
      expect(new Set(subjects).size).toBe(10);
      expect(subjects).toHaveLength(10);
    });
  });

  describe('when a worker died after claiming a message', () => {
    it('leaves it to be sent after the claim expires', async () => {
      const id = await queue('Orphan');
      await db.$executeRaw`UPDATE "OutboxMessage" SET "nextAttemptAt" = ${new Date(clock.now().getTime() + 5 * 60_000)} WHERE id = ${id}`;
      expect((await deliverOutbox(deps())).sent).toBe(0);
      clock.advance(5 * 60_000);
      expect((await deliverOutbox(deps())).sent).toBe(1);
    });
  });
});
