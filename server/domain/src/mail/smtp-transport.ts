import nodemailer, { type NodemailerError, type SMTPTransportOptions } from 'nodemailer';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface SentMail {
  messageId: string;
  /** Recipients the server refused while accepting the others. */
  rejected: string[];
}

export interface MailTransport {
  /** Resolves once the server accepted the message; rejects with SmtpSendError. */
  send(message: OutgoingMail): Promise<SentMail>;
  close(): void;
}

/** Failures that retrying cannot fix even though no server said so: bad addresses, bad settings. */
const LOCAL_PERMANENT_CODES = new Set(['EENVELOPE', 'ECONFIG', 'ENOAUTH']);

export class SmtpSendError extends Error {
  override readonly name = 'SmtpSendError';
  /** The SMTP reply code, null when the failure came before or without a reply (connection, timeout). */
  readonly responseCode: number | null;
  /**
   * True when sending the same message again will fail again: a 5xx reply (except 503, which only says
   * the session was in the wrong state) or a local error such as a missing recipient.
   */
  readonly permanent: boolean;
  /** nodemailer's error code: ECONNECTION, ETIMEDOUT, EENVELOPE, EMESSAGE, EAUTH, … */
  readonly code: string | null;

  constructor(message: string, details: { responseCode: number | null; code: string | null; cause: unknown }) {
    super(message, { cause: details.cause });
    this.responseCode = details.responseCode;
    this.code = details.code;
    this.permanent =
      details.responseCode !== null
        ? details.responseCode >= 500 && details.responseCode !== 503
        : details.code !== null && LOCAL_PERMANENT_CODES.has(details.code);
  }
}

const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/**
 * Options for one unpooled SMTP connection per message, from `smtp://[user:pass@]host[:port]` (STARTTLS
 * when the server offers it, port 587 by default) or `smtps://…` (TLS from the start, port 465).
 * Query parameters: `ignoreTLS=true` never upgrades to TLS, `requireTLS=true` refuses to send without it.
 * Certificates are verified, except on loopback hosts, where a local relay with a self-signed
 * certificate is the usual set-up and the traffic never leaves the machine.
 */
export function smtpTransportOptions(smtpUrl: string): SMTPTransportOptions {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new RangeError(`SMTP URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  }
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const flags = readFlags(url.searchParams);
  if (flags.ignoreTLS && flags.requireTLS) throw new RangeError('SMTP URL cannot both ignore and require TLS');

  return {
    host,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...flags,
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    ...(isLoopback(host) ? { tls: { rejectUnauthorized: false } } : {}),
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    dnsTimeout: CONNECTION_TIMEOUT_MS,
    pool: false,
    logger: false,
  };
}

export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpTransportOptions(smtpUrl));
  return {
    async send(message) {
      try {
        const info = await transporter.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
          attachments: (message.attachments ?? []).map(({ filename, content, contentType }) => ({
            filename,
            content,
            contentType,
          })),
        });
        return { messageId: info.messageId, rejected: info.rejected.map(String) };
      } catch (error) {
        throw toSmtpSendError(error);
      }
    },
    close() {
      transporter.close();
    },
  };
}

function toSmtpSendError(error: unknown): SmtpSendError {
  const failure = (error ?? {}) as NodemailerError;
  const message = failure instanceof Error ? failure.message : String(error);
  return new SmtpSendError(`SMTP send failed: ${message}`, {
    responseCode: typeof failure.responseCode === 'number' && failure.responseCode > 0 ? failure.responseCode : null,
    code: typeof failure.code === 'string' ? failure.code : null,
    cause: error,
  });
}

function readFlags(params: URLSearchParams): { ignoreTLS?: boolean; requireTLS?: boolean } {
  const flags: { ignoreTLS?: boolean; requireTLS?: boolean } = {};
  for (const [name, value] of params) {
    if (name !== 'ignoreTLS' && name !== 'requireTLS') {
      throw new RangeError(`Unknown SMTP URL parameter "${name}" (known: ignoreTLS, requireTLS)`);
    }
    if (value !== 'true' && value !== 'false') throw new RangeError(`SMTP URL parameter ${name} must be true or false`);
    flags[name] = value === 'true';
  }
  return flags;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
