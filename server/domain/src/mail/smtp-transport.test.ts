import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SmtpPeer, startSmtpPeer } from '../../test/smtp-peer.ts';
import { type MailTransport, SmtpSendError, createSmtpTransport, smtpTransportOptions } from './smtp-transport.ts';

/** Every byte value, framed like a PDF, so any text-mode mangling of the attachment shows. */
const PDF_BYTES = Buffer.concat([
  Buffer.from('%PDF-1.3\n%\xff\xff\xff\xff\n', 'latin1'),
  Buffer.from(Array.from({ length: 256 }, (_, byte) => byte)),
  Buffer.from('\r\n.\r\n..\n%%EOF\n', 'latin1'),
]);

describe('createSmtpTransport', () => {
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

  describe('when a message with a PDF attachment is sent', () => {
    it('arrives with its subject, text, recipients and the attachment bytes intact', async () => {
      const sent = await transport.send({
        from: 'billing@leaseboard.example',
        to: ['ap@northwind.example', 'owner@northwind.example'],
        subject: 'Invoice INV-2025-000042 for March 2025',
        text: 'Hello,\n\nyour invoice is attached.\n',
        attachments: [{ filename: 'INV-2025-000042.pdf', content: PDF_BYTES, contentType: 'application/pdf' }],
      });

      const mail = await peer.waitFor((received) => received.subject.startsWith('Invoice INV-2025-000042'));
      expect(sent.messageId).toMatch(/^<.+@.+>$/);
      expect(sent.rejected).toEqual([]);
      expect(mail.headers['message-id']).toBe(sent.messageId);
      expect(mail.envelope).toEqual({
        from: 'billing@leaseboard.example',
        to: ['ap@northwind.example', 'owner@northwind.example'],
      });
      expect(mail.subject).toBe('Invoice INV-2025-000042 for March 2025');
      expect(mail.text).toBe('Hello,\n\nyour invoice is attached.\n');
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0]!.filename).toBe('INV-2025-000042.pdf');
      expect(mail.attachments[0]!.contentType).toBe('application/pdf');
      expect(mail.attachments[0]!.content.equals(PDF_BYTES)).toBe(true);
    });
  });

  describe('when the message has non-ASCII text, an HTML body and a non-ASCII file name', () => {
    it('arrives decoded to the same strings', async () => {
      const subject = 'Facture n° 42 — Müller & Søn, 東京 ✓';
      const longName = 'Leases of Müller Søn 東京 in March 2025, one line per lease and add-on, all customers.csv';
      const text = 'Grüße aus Zürich: €1,234.56 due.\nA line long enough to be wrapped by quoted-printable encoding, '
        .concat('which breaks lines at 76 characters with soft line breaks.');
      await transport.send({
        from: 'billing@leaseboard.example',
        to: ['ap@northwind.example'],
        subject,
        text,
        html: '<p>Grüße</p>',
        attachments: [
          { filename: 'Rechnung März.pdf', content: PDF_BYTES, contentType: 'application/pdf' },
          { filename: longName, content: Buffer.from('second'), contentType: 'text/csv' },
        ],
      });

      const mail = await peer.waitFor();
      expect(mail.subject).toBe(subject);
      expect(mail.text).toBe(text);
      expect(mail.html).toBe('<p>Grüße</p>');
      expect(mail.attachments.map((attachment) => attachment.filename)).toEqual(['Rechnung März.pdf', longName]);
      expect(mail.attachments[1]!.content.toString()).toBe('second');
    });
  });

  describe('when the message is plain text only', () => {
    it('arrives with the text and no attachments', async () => {
      await transport.send({ from: 'a@leaseboard.example', to: ['b@example.com'], subject: 'Plain', text: 'Just text.' });
      const mail = await peer.waitFor();
      expect(mail.text).toBe('Just text.');
      expect(mail.html).toBeNull();
      expect(mail.attachments).toEqual([]);
    });
  });

  describe('when the URL carries credentials', () => {
    it('logs in with them', async () => {
      const withLogin = createSmtpTransport(peer.url.replace('smtp://', 'smtp://mailer%40leaseboard:s3cret%2F@'));
      try {
        await withLogin.send({ from: 'a@leaseboard.example', to: ['b@example.com'], subject: 'Auth', text: 'x' });
      } finally {
        withLogin.close();
      }
      expect((await peer.waitFor()).authUser).toBe('mailer@leaseboard');
    });
  });

  describe('when the server rejects the message with a 5xx reply', () => {
    it('rejects with a permanent SmtpSendError carrying the code', async () => {
      peer.failNext(1, 550);
      const error = await transport
        .send({ from: 'a@leaseboard.example', to: ['b@example.com'], subject: 'Nope', text: 'x' })
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(SmtpSendError);
      expect(error).toMatchObject({ responseCode: 550, permanent: true });
      expect(peer.messages).toHaveLength(0);
    });
  });

  describe('when the server rejects the message with a 4xx reply', () => {
    it('rejects with a temporary SmtpSendError, and the next attempt goes through', async () => {
      peer.failNext(1);
      const message = { from: 'a@leaseboard.example', to: ['b@example.com'], subject: 'Retry me', text: 'x' };

      await expect(transport.send(message)).rejects.toMatchObject({
        name: 'SmtpSendError',
        responseCode: 451,
        permanent: false,
      });
      await transport.send(message);
      expect((await peer.waitFor()).subject).toBe('Retry me');
    });
  });

  describe('when nobody listens on the port', () => {
    it('rejects with a temporary SmtpSendError without a response code', async () => {
      const silent = await startSmtpPeer();
      await silent.close();
      const unreachable = createSmtpTransport(silent.url);
      try {
        await expect(
          unreachable.send({ from: 'a@leaseboard.example', to: ['b@example.com'], subject: 'Lost', text: 'x' }),
        ).rejects.toMatchObject({ name: 'SmtpSendError', responseCode: null, permanent: false });
      } finally {
        unreachable.close();
      }
    });
  });

  describe('when the message has no recipient', () => {
    it('rejects with a permanent SmtpSendError', async () => {
      await expect(
        transport.send({ from: 'a@leaseboard.example', to: [], subject: 'Nobody', text: 'x' }),
      ).rejects.toMatchObject({ name: 'SmtpSendError', responseCode: null, permanent: true });
    });
  });
});

describe('smtpTransportOptions', () => {
  describe('when the URL is smtp:// to a remote host', () => {
    it('returns STARTTLS-capable options that verify certificates, port 587 by default', () => {
      const options = smtpTransportOptions('smtp://relay.example.com');
      expect(options).toMatchObject({ host: 'relay.example.com', port: 587, secure: false, pool: false });
      expect(options.tls).toBeUndefined();
      expect(options.auth).toBeUndefined();
    });
  });

  describe('when the URL is smtps://', () => {
    it('returns TLS from the start on port 465 with decoded credentials', () => {
      expect(smtpTransportOptions('smtps://user%40corp:p%40ss@mail.example.com')).toMatchObject({
        host: 'mail.example.com',
        port: 465,
        secure: true,
        auth: { user: 'user@corp', pass: 'p@ss' },
      });
    });
  });

  describe('when the host is a loopback address', () => {
    it('returns options that accept a self-signed certificate', () => {
      for (const url of ['smtp://localhost:2525', 'smtp://127.0.0.1:25', 'smtp://[::1]:25']) {
        expect(smtpTransportOptions(url).tls).toEqual({ rejectUnauthorized: false });
      }
    });
  });

  describe('when the URL asks to ignore or to require TLS', () => {
    it('returns the matching flag', () => {
      expect(smtpTransportOptions('smtp://localhost:1025?ignoreTLS=true').ignoreTLS).toBe(true);
      expect(smtpTransportOptions('smtp://relay.example.com?requireTLS=true').requireTLS).toBe(true);
    });
  });

  describe('when any SMTP URL is given', () => {
    it('returns connection and greeting timeouts of ten seconds', () => {
      expect(smtpTransportOptions('smtp://relay.example.com')).toMatchObject({
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
      });
    });
  });

  describe('when the URL is not an SMTP URL or has an unknown parameter', () => {
    it('throws a RangeError', () => {
      expect(() => smtpTransportOptions('http://relay.example.com')).toThrow(RangeError);
      expect(() => smtpTransportOptions('smtp://relay.example.com?ignoreTls=true')).toThrow(RangeError);
      expect(() => smtpTransportOptions('smtp://relay.example.com?ignoreTLS=yes')).toThrow(RangeError);
      expect(() => smtpTransportOptions('smtp://relay.example.com?ignoreTLS=true&requireTLS=true')).toThrow(RangeError);
    });
  });
});
