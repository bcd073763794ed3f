import { z } from 'zod';
import { BillingInputError, type BillingInputErrorCode } from './billing-input-error.ts';
import type { BillingResult } from './billing.types.ts';
import { billPeriod } from './proration.rules.ts';

const quoteRequestSchema = z.object({
  period: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      segments: z.array(
        z.object({
          from: z.string(),
          to: z.string().nullable(),
          sku: z.string(),
          priceCents: z.number(),
        }),
      ),
    }),
  ),
});

export type QuoteRequest = z.infer<typeof quoteRequestSchema>;

export interface QuoteLine {
  itemId: string;
  sku: string;
  priceCents: number;
  days: number;
  divisor: number;
  amountCents: number;
}

export interface QuoteResponse {
  period: string;
  lines: QuoteLine[];
  totalCents: number;
}

export type QuoteErrorCode = 'MALFORMED_JSON' | 'INVALID_SHAPE' | BillingInputErrorCode;

export type QuoteOutcome =
  | { ok: true; response: QuoteResponse }
  | { ok: false; code: QuoteErrorCode; message: string };

/** Parses a JSON quote request, bills it, and returns the response or a one-line error. */
export function runQuote(requestText: string): QuoteOutcome {
  let json: unknown;
  try {
    json = JSON.parse(requestText);
  } catch (error) {
    return failure('MALFORMED_JSON', `request is not valid JSON (${(error as Error).message})`);
  }
  const parsed = quoteRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? formatPath(issue.path) : 'request';
    return failure('INVALID_SHAPE', `${where}: ${issue?.message ?? 'invalid request'}`);
  }
  try {
    return { ok: true, response: toQuoteResponse(billPeriod(parsed.data.period, parsed.data.items)) };
  } catch (error) {
    if (error instanceof BillingInputError) return failure(error.code, error.message);
    throw error;
  }
}

/** The public response: exactly these keys, in this order. */
export function toQuoteResponse(result: BillingResult): QuoteResponse {
  return {
    period: result.period,
    lines: result.lines.map((line) => ({
      itemId: line.itemId,
      sku: line.sku,
      priceCents: line.priceCents,
      days: line.days,
      divisor: line.divisor,
      amountCents: line.amountCents,
    })),
    totalCents: result.totalCents,
  };
}

function failure(code: QuoteErrorCode, detail: string): QuoteOutcome {
  return { ok: false, code, message: `${code}: ${detail}`.replace(/\s*\n\s*/g, ' ') };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
