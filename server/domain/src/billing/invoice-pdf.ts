import type PDFDocumentClass from 'pdfkit';
import { formatCents } from './money.ts';

export type InvoiceStatus = 'DRAFT' | 'OPEN' | 'PAID' | 'PAST_DUE' | 'VOID';

export interface InvoiceDocumentLine {
  /** Null when the lease was deleted after billing. */
  leaseId: number | null;
  customerEmail: string;
  /** Product or add-on name. */
  description: string;
  sku: string;
  days: number;
  divisor: number;
  /** Monthly price. */
  priceCents: number;
  amountCents: number;
  /** YYYY-MM-DD */
  fromDate: string;
  /** YYYY-MM-DD, inclusive */
  toDate: string;
}

export interface InvoiceDocument {
  vendor: { name: string; addressLines: string[] };
  partner: { company: string; contactName?: string | null; billingEmail: string; addressLines: string[] };
  /** Null while the invoice is a draft. */
  number: string | null;
  /** YYYY-MM */
  period: string;
  status: InvoiceStatus;
  issuedAt?: Date | null;
  currency: 'USD';
  /** In the order they should appear; lines of one lease are gathered under its first appearance. */
  lines: InvoiceDocumentLine[];
  totalCents: number;
  paidAt?: Date | null;
}

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'right';

const MARGIN = 50;
const CONTENT_WIDTH = 612 - 2 * MARGIN;
const RIGHT_EDGE = MARGIN + CONTENT_WIDTH;
const CELL_PADDING = 3;
const ITEM_INDENT = 6;
const ROW_HEIGHT = 14;
/** Each further line of a wrapped item name or SKU. */
const WRAP_LINE_HEIGHT = 10;
const GROUP_HEADER_HEIGHT = 18;
const TABLE_HEADER_HEIGHT = 20;
const TOTALS_HEIGHT = 100;
const GREY = '#666666';
const RULE = '#bbbbbb';
const SHADE = '#f0f0f0';

const STATUS_LABELS: Record<InvoiceStatus, string> = {
  DRAFT: 'Draft',
  OPEN: 'Open',
  PAID: 'Paid',
  PAST_DUE: 'Past due',
  VOID: 'Void',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

interface Column {
  title: string;
  width: number;
  align: Align;
  value: (line: InvoiceDocumentLine) => string;
  /** Long values wrap onto more lines at spaces and hyphens instead of being cut. */
  wraps?: boolean;
}

const COLUMNS: readonly Column[] = [
  { title: 'Item', width: 160, align: 'left', value: (line) => line.description, wraps: true },
  { title: 'SKU', width: 76, align: 'left', value: (line) => line.sku, wraps: true },
  { title: 'Service dates', width: 98, align: 'left', value: (line) => `${line.fromDate} – ${line.toDate}` },
  { title: 'Days', width: 26, align: 'right', value: (line) => String(line.days) },
  { title: 'Divisor', width: 34, align: 'right', value: (line) => String(line.divisor) },
  { title: 'Monthly rate', width: 54, align: 'right', value: (line) => formatCents(line.priceCents) },
  { title: 'Amount', width: 64, align: 'right', value: (line) => formatCents(line.amountCents) },
];

/** Renders the invoice as a US Letter PDF. The same document always gives the same bytes. */
export async function renderInvoicePdf(invoice: InvoiceDocument): Promise<Buffer> {
  // Loaded on the first PDF, not at start-up: pdfkit and its fonts took 180 ms of CPU to load.
  const PDFDocument: typeof PDFDocumentClass = (await import('pdfkit')).default;
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Invoice ${invoice.number ?? 'DRAFT'} for ${invoice.period}`,
      Author: invoice.vendor.name,
      // pdfkit requires a creation date, defaults it to now and derives the file ID from it. A date taken
      // from the invoice keeps the output stable: a draft, not yet issued, is dated from its period.
      CreationDate: invoice.issuedAt ?? periodStart(invoice.period),
    },
  });
  const pdf = collect(doc);

  let y = drawHeading(doc, invoice);
  y = drawLines(doc, invoice, y);
  drawTotals(doc, invoice, y);
  drawOnEveryPage(doc, invoice);

  doc.end();
  return pdf;
}

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function drawHeading(doc: Doc, invoice: InvoiceDocument): number {
  let left = MARGIN;
  put(doc, invoice.vendor.name, MARGIN, left, { width: 300, font: 'Helvetica-Bold', size: 16 });
  left += 22;
  for (const line of invoice.vendor.addressLines) {
    put(doc, line, MARGIN, left, { width: 300, size: 9, color: GREY });
    left += 12;
  }

  let right = MARGIN;
  const metaX = RIGHT_EDGE - 200;
  put(doc, 'INVOICE', metaX, right, { width: 200, align: 'right', font: 'Helvetica-Bold', size: 20 });
  right += 30;
  const meta: Array<[string, string]> = [
    ['Invoice no.', invoice.number ?? 'DRAFT'],
    ['Period', `${periodLabel(invoice.period)} (${invoice.period})`],
    ['Issued', invoice.issuedAt ? isoDate(invoice.issuedAt) : 'Not yet issued'],
    ['Status', STATUS_LABELS[invoice.status]],
  ];
  if (invoice.paidAt) meta.push(['Paid', isoDate(invoice.paidAt)]);
  for (const [label, value] of meta) {
    put(doc, label, metaX, right, { width: 70, size: 9, color: GREY });
    put(doc, value, metaX + 70, right, { width: 130, align: 'right', size: 9 });
    right += 13;
  }

  let y = Math.max(left, right) + 18;
  put(doc, 'BILL TO', MARGIN, y, { width: 300, font: 'Helvetica-Bold', size: 8, color: GREY });
  y += 12;
  put(doc, invoice.partner.company, MARGIN, y, { width: 300, font: 'Helvetica-Bold', size: 11 });
  y += 15;
  const partnerLines = [invoice.partner.contactName, ...invoice.partner.addressLines, invoice.partner.billingEmail];
  for (const line of partnerLines) {
    if (!line) continue;
    put(doc, line, MARGIN, y, { width: 300, size: 9 });
    y += 12;
  }
  return y + 20;
}

interface LeaseGroup {
  leaseId: number | null;
  customerEmail: string;
  lines: InvoiceDocumentLine[];
}

/** Lines of the same lease together, in order of first appearance; removed leases grouped per customer. */
function groupByLease(lines: readonly InvoiceDocumentLine[]): LeaseGroup[] {
  const groups = new Map<string, LeaseGroup>();
  for (const line of lines) {
    const key = line.leaseId === null ? `removed:${line.customerEmail}` : `lease:${line.leaseId}`;
    let group = groups.get(key);
    if (!group) {
      group = { leaseId: line.leaseId, customerEmail: line.customerEmail, lines: [] };
      groups.set(key, group);
    }
    group.lines.push(line);
  }
  return [...groups.values()];
}

function drawLines(doc: Doc, invoice: InvoiceDocument, top: number): number {
  const bottom = doc.page.height - MARGIN;
  const startPage = () => {
    doc.addPage();
    return drawTableHeader(doc, MARGIN);
  };
  const roomForFirstRow = top + TABLE_HEADER_HEIGHT + GROUP_HEADER_HEIGHT + ROW_HEIGHT <= bottom;
  let y = roomForFirstRow ? drawTableHeader(doc, top) : startPage();

  if (invoice.lines.length === 0) {
    put(doc, 'No charges in this period.', MARGIN + CELL_PADDING, y + 3, { width: CONTENT_WIDTH, size: 9 });
    return y + ROW_HEIGHT + 6;
  }

  for (const group of groupByLease(invoice.lines)) {
    if (y + GROUP_HEADER_HEIGHT + ROW_HEIGHT > bottom) y = startPage();
    y = drawGroupHeader(doc, group, y, false);
    for (const line of group.lines) {
      const height = rowHeight(doc, line);
      if (y + height > bottom) y = drawGroupHeader(doc, group, startPage(), true);
      drawRow(doc, line, y);
      y += height;
    }
  }
  return y;
}

function drawTableHeader(doc: Doc, y: number): number {
  let x = MARGIN;
  for (const column of COLUMNS) {
    put(doc, column.title, x + CELL_PADDING, y + 5, {
      width: column.width - 2 * CELL_PADDING,
      align: column.align,
      font: 'Helvetica-Bold',
      size: 8,
    });
    x += column.width;
  }
  rule(doc, y + TABLE_HEADER_HEIGHT - 3, 0.8);
  return y + TABLE_HEADER_HEIGHT;
}

function drawGroupHeader(doc: Doc, group: LeaseGroup, y: number, continued: boolean): number {
  doc.rect(MARGIN, y + 2, CONTENT_WIDTH, GROUP_HEADER_HEIGHT - 4).fill(SHADE);
  const lease = group.leaseId === null ? 'Removed lease' : `Lease #${group.leaseId}`;
  const title = `${lease} · ${group.customerEmail}${continued ? ' (continued)' : ''}`;
  const amountColumn = COLUMNS[COLUMNS.length - 1]!;
  put(doc, title, MARGIN + CELL_PADDING, y + 6, {
    width: CONTENT_WIDTH - amountColumn.width,
    font: 'Helvetica-Bold',
    size: 8.5,
  });
  if (!continued) {
    const subtotal = group.lines.reduce((sum, line) => sum + line.amountCents, 0);
    put(doc, formatCents(subtotal), RIGHT_EDGE - amountColumn.width + CELL_PADDING, y + 6, {
      width: amountColumn.width - 2 * CELL_PADDING,
      align: 'right',
      font: 'Helvetica-Bold',
      size: 8.5,
    });
  }
  return y + GROUP_HEADER_HEIGHT;
}

const ROW_SIZE = 8;

function cellWidth(index: number, column: Column): number {
  return column.width - 2 * CELL_PADDING - (index === 0 ? ITEM_INDENT : 0);
}

/** The lines one cell takes: one, or several when a wrapping column's value is wider than the cell. */
function cellLines(doc: Doc, line: InvoiceDocumentLine, index: number, column: Column): string[] {
  const text = toWinAnsi(column.value(line));
  if (!column.wraps) return [text];
  doc.font('Helvetica').fontSize(ROW_SIZE);
  return wrap(doc, text, cellWidth(index, column));
}

function rowHeight(doc: Doc, line: InvoiceDocumentLine): number {
  const lines = Math.max(...COLUMNS.map((column, index) => cellLines(doc, line, index, column).length));
  return ROW_HEIGHT + (lines - 1) * WRAP_LINE_HEIGHT;
}

function drawRow(doc: Doc, line: InvoiceDocumentLine, y: number): void {
  let x = MARGIN;
  for (const [index, column] of COLUMNS.entries()) {
    const indent = index === 0 ? ITEM_INDENT : 0;
    for (const [n, text] of cellLines(doc, line, index, column).entries()) {
      put(doc, text, x + CELL_PADDING + indent, y + 3 + n * WRAP_LINE_HEIGHT, { width: cellWidth(index, column), align: column.align, size: ROW_SIZE });
    }
    x += column.width;
  }
}

/**
 * Greedy wrapping at spaces and after hyphens ("SM-AO-" / "ZEROHOUR"), so no word is cut in the middle. A
 * single word wider than the cell (no space or hyphen to break at) is the only text `put` still shortens.
 */
export function wrap(doc: Doc, text: string, width: number): string[] {
  const pieces = text.split(/(?<=-)|(?<=\s)/).filter((p) => p !== '');
  const lines: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const candidate = current + piece;
    if (current !== '' && doc.widthOfString(candidate.trimEnd()) > width) {
      lines.push(current.trimEnd());
      current = piece.trimStart();
    } else {
      current = candidate;
    }
  }
  if (current.trim() !== '' || lines.length === 0) lines.push(current.trimEnd());
  return lines;
}

function drawTotals(doc: Doc, invoice: InvoiceDocument, top: number): void {
  let y = top;
  if (y + TOTALS_HEIGHT > doc.page.height - MARGIN) {
    doc.addPage();
    y = MARGIN;
  }
  rule(doc, y + 4, 0.8);
  y += 12;

  const labelX = RIGHT_EDGE - 220;
  const total = (label: string, cents: number, bold: boolean) => {
    const font = bold ? 'Helvetica-Bold' : 'Helvetica';
    put(doc, label, labelX, y, { width: 120, font, size: bold ? 11 : 9 });
    put(doc, formatCents(cents), labelX + 120, y, { width: 100, align: 'right', font, size: bold ? 11 : 9 });
    y += bold ? 18 : 14;
  };
  total(`Total (${invoice.currency})`, invoice.totalCents, true);
  if (invoice.status === 'PAID') {
    total(invoice.paidAt ? `Paid ${isoDate(invoice.paidAt)}` : 'Paid', invoice.totalCents, false);
  }
  if (invoice.status === 'PAID' || invoice.status === 'VOID') total('Amount due', 0, false);
  if (invoice.status === 'OPEN' || invoice.status === 'PAST_DUE') total('Amount due', invoice.totalCents, false);

  const notes = ['Amount = monthly rate × days ÷ divisor, rounded to the nearest cent.'];
  if (invoice.status === 'DRAFT') notes.push('Draft: not yet issued, the lines may still change.');
  if (invoice.status === 'VOID') notes.push('This invoice was voided: nothing is due.');
  y += 6;
  for (const note of notes) {
    put(doc, note, MARGIN, y, { width: CONTENT_WIDTH, size: 8, color: GREY });
    y += 11;
  }
}

/** Watermark and footer, drawn once every page exists so the footer can say "of N". */
function drawOnEveryPage(doc: Doc, invoice: InvoiceDocument): void {
  const { start, count } = doc.bufferedPageRange();
  const watermark = invoice.status === 'DRAFT' || invoice.status === 'VOID' ? invoice.status : null;
  for (let index = 0; index < count; index += 1) {
    doc.switchToPage(start + index);
    if (watermark) drawWatermark(doc, watermark);
    const footerY = doc.page.height - MARGIN + 18;
    const reference = `${invoice.vendor.name} · Invoice ${invoice.number ?? 'DRAFT'} · ${invoice.period}`;
    put(doc, reference, MARGIN, footerY, { width: 360, size: 8, color: GREY });
    const pageNumber = `Page ${index + 1} of ${count}`;
    put(doc, pageNumber, RIGHT_EDGE - 120, footerY, { width: 120, align: 'right', size: 8, color: GREY });
  }
}

function drawWatermark(doc: Doc, word: string): void {
  const centerX = doc.page.width / 2;
  const centerY = doc.page.height / 2;
  doc.save();
  doc.rotate(-30, { origin: [centerX, centerY] });
  doc.font('Helvetica-Bold').fontSize(110).fillColor('#000000').fillOpacity(0.06);
  doc.text(word, centerX - doc.widthOfString(word) / 2, centerY - 55, { lineBreak: false });
  doc.restore();
}

function rule(doc: Doc, y: number, width: number): void {
  doc.moveTo(MARGIN, y).lineTo(RIGHT_EDGE, y).lineWidth(width).strokeColor(RULE).stroke();
}

interface PutOptions {
  width: number;
  align?: Align;
  font?: 'Helvetica' | 'Helvetica-Bold';
  size: number;
  color?: string;
}

/**
 * One line of text in a box, cut with an ellipsis when too wide. Positioning is done here rather than by
 * pdfkit's line wrapper, which would start a new page on its own near the bottom margin.
 */
function put(doc: Doc, text: string, x: number, y: number, options: PutOptions): void {
  doc.font(options.font ?? 'Helvetica').fontSize(options.size).fillColor(options.color ?? '#000000');
  const fitted = fit(doc, toWinAnsi(text), options.width);
  const offset = options.align === 'right' ? options.width - doc.widthOfString(fitted) : 0;
  doc.text(fitted, x + offset, y, { lineBreak: false });
}

function fit(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let kept = text;
  while (kept.length > 0 && doc.widthOfString(`${kept}…`) > width) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/** Windows-1252 characters above ASCII that are not in Latin-1. */
const CP1252_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/**
 * The built-in Helvetica covers Windows-1252 only. Other characters lose their accents when that is
 * enough (ő → o, ș → s), otherwise they become "?" instead of garbage glyphs.
 */
function toWinAnsi(text: string): string {
  let result = '';
  for (const character of text.normalize('NFC')) {
    if (isWinAnsi(character)) {
      result += character;
      continue;
    }
    const stripped = character.normalize('NFKD').replace(/\p{M}/gu, '');
    result += [...stripped].every(isWinAnsi) && stripped !== '' ? stripped : '?';
  }
  return result;
}

function isWinAnsi(character: string): boolean {
  const code = character.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.includes(character);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function periodStart(period: string): Date {
  const start = new Date(`${period}-01T00:00:00Z`);
  return Number.isNaN(start.getTime()) ? new Date(0) : start;
}

function periodLabel(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${month} ${match[1]}` : period;
}
