import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { type ParsedAttachment, parseMail } from './mime.ts';

export type ReceivedAttachment = ParsedAttachment;

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** The user name the client logged in with, null without AUTH. */
  authUser: string | null;
  /** The message exactly as it came over the wire. */
  raw: Buffer;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string | null;
  attachments: ReceivedAttachment[];
}

export interface SmtpPeer {
  /** smtp://127.0.0.1:<port>, for createSmtpTransport. */
  url: string;
  /** Every accepted message, in arrival order. */
  messages: ReceivedMail[];
  /** The first message, received or still to come, that matches. Rejects after timeoutMs (default 5 s). */
  waitFor(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Rejects the next `count` messages after their data is sent, with `responseCode` (451 by default). */
  failNext(count: number, responseCode?: number): void;
  close(): Promise<void>;
}

interface Waiter {
  predicate: (mail: ReceivedMail) => boolean;
  resolve: (mail: ReceivedMail) => void;
}

/** A real SMTP server on 127.0.0.1 and a free port: plain text, any or no login accepted. */
export async function startSmtpPeer(): Promise<SmtpPeer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<Waiter>();
  const failures: number[] = [];

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? null });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const failure = failures.shift();
        if (failure !== undefined) {
          const reason = failure >= 500 ? 'Rejected by the test peer' : 'Try again later, says the test peer';
          callback(Object.assign(new Error(reason), { responseCode: failure }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const mail: ReceivedMail = {
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
          },
          authUser: typeof session.user === 'string' ? session.user : null,
          raw,
          ...parseMail(raw),
        };
        messages.push(mail);
        for (const waiter of waiters) {
          if (!waiter.predicate(mail)) continue;
          waiters.delete(waiter);
          waiter.resolve(mail);
        }
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Clients that hang up mid-session make the server emit 'error'; without a listener that would crash the run.
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate = () => true, timeoutMs = 5_000) {
      const received = messages.find(predicate);
      if (received) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching message within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    failNext(count, responseCode = 451) {
      if (responseCode < 400 || responseCode > 599) throw new RangeError('responseCode must be 4xx or 5xx');
      for (let index = 0; index < count; index += 1) failures.push(responseCode);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
