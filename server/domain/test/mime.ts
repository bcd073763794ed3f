/**
 * Just enough MIME to read what our own mailer sends: headers, encoded words (RFC 2047), multipart
 * bodies, base64 and quoted-printable, attachment names (RFC 2231). Not a general-purpose parser.
 */
export interface ParsedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface ParsedMail {
  /** Lower-cased names, unfolded raw values; the first occurrence of a repeated header wins. */
  headers: Record<string, string>;
  subject: string;
  /** The first text/plain part that is not an attachment, line breaks as \n; '' when there is none. */
  text: string;
  html: string | null;
  attachments: ParsedAttachment[];
}

interface HeaderValue {
  value: string;
  params: Record<string, string>;
}

export function parseMail(raw: Buffer): ParsedMail {
  // latin1 maps every byte to one character and back, so binary content survives the string handling.
  const received = raw.toString('latin1');
  const eol = received.includes('\r\n') ? '\r\n' : '\n';
  // SMTP ends the data with a line break of its own: a single-part body's final line break is dropped with it.
  const source = received.endsWith(eol) ? received.slice(0, -eol.length) : received;
  const { headers, body } = splitEntity(source, eol);
  const mail: ParsedMail = {
    headers,
    subject: decodeEncodedWords(headers.subject ?? ''),
    text: '',
    html: null,
    attachments: [],
  };
  let textFound = false;
  walk(headers, body, eol, (part, content) => {
    const type = headerValue(part['content-type'] ?? 'text/plain');
    const disposition = headerValue(part['content-disposition'] ?? '');
    const filename = disposition.params.filename ?? type.params.name;
    if (disposition.value === 'attachment' || filename !== undefined) {
      mail.attachments.push({ filename: decodeEncodedWords(filename ?? ''), contentType: type.value, content });
    } else if (type.value === 'text/plain' && !textFound) {
      mail.text = decodeText(content, type.params.charset);
      textFound = true;
    } else if (type.value === 'text/html' && mail.html === null) {
      mail.html = decodeText(content, type.params.charset);
    }
  });
  return mail;
}

function walk(
  headers: Record<string, string>,
  body: string,
  eol: string,
  onLeaf: (headers: Record<string, string>, content: Buffer) => void,
): void {
  const type = headerValue(headers['content-type'] ?? 'text/plain');
  const boundary = type.params.boundary;
  if (!type.value.startsWith('multipart/') || !boundary) {
    onLeaf(headers, decodeTransfer(body, headers['content-transfer-encoding']));
    return;
  }
  const pieces = `${eol}${body}`.split(`${eol}--${boundary}`);
  for (const piece of pieces.slice(1)) {
    if (piece.startsWith('--')) break;
    const part = piece.slice(piece.indexOf(eol) + eol.length);
    const entity = splitEntity(part, eol);
    walk(entity.headers, entity.body, eol, onLeaf);
  }
}

function splitEntity(source: string, eol: string): { headers: Record<string, string>; body: string } {
  const separator = `${eol}${eol}`;
  const end = source.startsWith(eol) ? 0 : source.indexOf(separator);
  // Headers are ASCII unless the sender used SMTPUTF8, in which case they are raw UTF-8.
  const block = Buffer.from(end === -1 ? source : source.slice(0, end), 'latin1').toString('utf8');
  const body = end === -1 ? '' : source.slice(end + (end === 0 ? eol.length : separator.length));
  const headers: Record<string, string> = {};
  for (const line of block.split(new RegExp(`${eol}(?![ \\t])`))) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= line.slice(colon + 1).replace(new RegExp(`${eol}[ \\t]`, 'g'), ' ').trim();
  }
  return { headers, body };
}

/** `type/subtype; a=1; b="two"` with RFC 2231 extended (`name*=utf-8''…`) and continued (`name*0=…`) params. */
function headerValue(header: string): HeaderValue {
  const [value = '', ...rawParams] = header.match(/(?:[^;"]|"(?:[^"\\]|\\.)*")+/g) ?? [];
  const pieces = new Map<string, { index: number; extended: boolean; text: string }[]>();
  for (const rawParam of rawParams) {
    const equals = rawParam.indexOf('=');
    if (equals === -1) continue;
    const key = rawParam.slice(0, equals).trim().toLowerCase();
    let text = rawParam.slice(equals + 1).trim();
    if (text.startsWith('"')) text = text.slice(1, -1).replace(/\\(.)/g, '$1');
    const match = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(key);
    if (!match) continue;
    const [, name = key, index = '0', extended] = match;
    const list = pieces.get(name) ?? [];
    list.push({ index: Number(index), extended: extended === '*', text });
    pieces.set(name, list);
  }
  const params: Record<string, string> = {};
  for (const [name, list] of pieces) {
    list.sort((a, b) => a.index - b.index);
    const charset = list[0]?.extended ? (/^([^']*)'[^']*'/.exec(list[0].text)?.[1] ?? '') : '';
    if (charset) list[0]!.text = list[0]!.text.replace(/^[^']*'[^']*'/, '');
    const bytes = list.map(({ extended, text }) => (extended ? percentDecode(text) : Buffer.from(text, 'utf8')));
    params[name] = decodeText(Buffer.concat(bytes), charset || 'utf-8');
  }
  return { value: value.trim().toLowerCase(), params };
}

function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '%' && /^[0-9a-f]{2}$/i.test(text.slice(index + 1, index + 3))) {
      bytes.push(parseInt(text.slice(index + 1, index + 3), 16));
      index += 2;
    } else {
      bytes.push(text.charCodeAt(index));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047: `=?utf-8?Q?…?=` and `=?utf-8?B?…?=`; adjacent words are joined, the space between them dropped. */
function decodeEncodedWords(header: string): string {
  const compact = header.replace(/\?=\s+=\?/g, '?==?');
  const segments: { charset: string | null; text: string; bytes: Buffer }[] = [];
  let last = 0;
  for (const match of compact.matchAll(/=\?([^?]+)\?([bq])\?([^?]*)\?=/gi)) {
    const [whole, charset = 'utf-8', encoding = 'q', text = ''] = match;
    const plain = compact.slice(last, match.index);
    if (plain) segments.push({ charset: null, text: plain, bytes: Buffer.alloc(0) });
    const bytes = encoding.toLowerCase() === 'b' ? Buffer.from(text, 'base64') : qpDecode(text.replace(/_/g, ' '));
    const previous = segments.at(-1);
    // A multi-byte character may be split across two words, so their bytes are decoded together.
    if (previous?.charset === charset.toLowerCase()) previous.bytes = Buffer.concat([previous.bytes, bytes]);
    else segments.push({ charset: charset.toLowerCase(), text: '', bytes });
    last = match.index + whole.length;
  }
  const decoded = segments.map(({ charset, text, bytes }) => (charset ? decodeText(bytes, charset) : text));
  return decoded.join('') + compact.slice(last);
}

function decodeTransfer(body: string, encoding = '7bit'): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return qpDecode(body.replace(/=\r?\n/g, ''));
    default:
      return Buffer.from(body, 'latin1');
  }
}

function qpDecode(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const hex = text.slice(index + 1, index + 3);
    if (text[index] === '=' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(text.charCodeAt(index) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeText(bytes: Buffer, charset = 'utf-8'): string {
  return new TextDecoder(charset).decode(bytes).replace(/\r\n/g, '\n');
}
