import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MailTransport, createSmtpTransport } from '../src/mail/smtp-transport.ts';
import { type SmtpPeer, startSmtpPeer } from './smtp-peer.ts';

describe('startSmtpPeer', () => {
  let peer: SmtpPeer;
  let transport: MailTransport;

  beforeEach(async () => {
    peer = await startSmtpPeer();
    transport = createSmtpTransport(peer.url);
  });

  afterEach(async () => {
    transport.close();
    await peer.close();
  });

  const send = (subject: string) => transport.send({ from: 'a@example.com', to: ['b@example.com'], subject, text: '' });

  describe('when waiting for a message that arrives later', () => {
    it('returns the first one that matches, skipping the others', async () => {
      const waiting = peer.waitFor((mail) => mail.subject === 'second');
      await send('first');
      await send('second');
      expect((await waiting).subject).toBe('second');
      expect(peer.messages.map((mail) => mail.subject)).toEqual(['first', 'second']);
    });
  });

  describe('when no matching message arrives in time', () => {
    it('rejects after the timeout', async () => {
      await send('other');
      await expect(peer.waitFor((mail) => mail.subject === 'never', 50)).rejects.toThrow(/No matching message/);
    });
  });

  describe('when told to fail the next two messages', () => {
    it('rejects exactly two and accepts the third', async () => {
      peer.failNext(2, 452);
      const outcomes = [];
      for (const subject of ['one', 'two', 'three']) {
        outcomes.push(await send(subject).then(() => 'sent', (error: { responseCode?: number }) => error.responseCode));
      }
      expect(outcomes).toEqual([452, 452, 'sent']);
      expect(peer.messages.map((mail) => mail.subject)).toEqual(['three']);
    });
  });
});
