import { describe, expect, it } from 'vitest';
import { runQuote } from './quote.ts';

const CONTRACT_REQUEST =
  '{"period":"2025-01","items":[{"id":"L1","segments":[{"from":"2024-12-03T10:00:00Z","to":null,"sku":"SM-PRO-250","priceCents":1000}]}]}';
const CONTRACT_RESPONSE =
  '{"period":"2025-01","lines":[{"itemId":"L1","sku":"SM-PRO-250","priceCents":1000,"days":31,"divisor":31,"amountCents":1000}],"totalCents":1000}';

function request(overrides: Record<string, unknown> = {}, segment: Record<string, unknown> = {}): string {
  return JSON.stringify({
    period: '2025-01',
    items: [
      {
        id: 'L1',
        segments: [{ from: '2025-01-05T00:00:00Z', to: null, sku: 'BASIC', priceCents: 10_000, ...segment }],
      },
    ],
    ...overrides,
  });
}

describe('runQuote', () => {
  describe('when given the documented contract example', () => {
    it('returns exactly the documented response', () => {
      const outcome = runQuote(CONTRACT_REQUEST);
      expect(outcome.ok && JSON.stringify(outcome.response)).toBe(CONTRACT_RESPONSE);
    });
  });

  describe('when a component changes price mid-month', () => {
    it('returns one line per (SKU, price) with the line keys in contract order', () => {
      const outcome = runQuote(
        JSON.stringify({
          period: '2025-01',
          items: [
            {
              id: 'L1',
              segments: [
                { from: '2024-12-01T00:00:00Z', to: '2025-01-15T12:00:00Z', sku: 'BASIC', priceCents: 10_000 },
                { from: '2025-01-15T12:00:00Z', to: null, sku: 'PRO', priceCents: 20_000 },
              ],
            },
          ],
        }),
      );
      expect(outcome).toEqual({
        ok: true,
        response: {
          period: '2025-01',
          lines: [
            { itemId: 'L1', sku: 'BASIC', priceCents: 10_000, days: 14, divisor: 31, amountCents: 4516 },
            { itemId: 'L1', sku: 'PRO', priceCents: 20_000, days: 17, divisor: 31, amountCents: 10_968 },
          ],
          totalCents: 15_484,
        },
      });
      expect(outcome.ok && outcome.response.lines.map((line) => Object.keys(line))).toEqual([
        ['itemId', 'sku', 'priceCents', 'days', 'divisor', 'amountCents'],
        ['itemId', 'sku', 'priceCents', 'days', 'divisor', 'amountCents'],
      ]);
    });
  });

  describe('when the request carries extra fields', () => {
    it('returns the quote without them', () => {
      const outcome = runQuote(request({ note: 'hello' }, { leaseId: 7 }));
      expect(outcome).toMatchObject({ ok: true, response: { totalCents: 9643 } });
    });
  });

  describe.each([
    ['the body is not JSON', '{"period":', 'MALFORMED_JSON', /^MALFORMED_JSON: request is not valid JSON \(/],
    ['the body is empty', '', 'MALFORMED_JSON', /^MALFORMED_JSON: /],
    ['the body is a JSON array', '[]', 'INVALID_SHAPE', /^INVALID_SHAPE: request: /],
    ['items is missing', '{"period":"2025-01"}', 'INVALID_SHAPE', /^INVALID_SHAPE: items: /],
    ['a price is a string', request({}, { priceCents: '100' }), 'INVALID_SHAPE', /^INVALID_SHAPE: items\[0\]\.segments\[0\]\.priceCents: /],
    ['to is missing', request({}, { to: undefined }), 'INVALID_SHAPE', /^INVALID_SHAPE: items\[0\]\.segments\[0\]\.to: /],
    ['the period is not YYYY-MM', request({ period: '2025-13' }), 'INVALID_PERIOD', /^INVALID_PERIOD: period must be YYYY-MM/],
    ['a price is fractional', request({}, { priceCents: 10.5 }), 'INVALID_PRICE', /^INVALID_PRICE: items\[0\]\.segments\[0\]\.priceCents /],
    ['a date is not ISO 8601', request({}, { from: '5 Jan 2025' }), 'INVALID_INSTANT', /^INVALID_INSTANT: items\[0\]\.segments\[0\]\.from /],
  ])('when %s', (_, body, code, message) => {
    it(`returns ${code} with a one-line message`, () => {
      const outcome = runQuote(body);
      expect(outcome).toMatchObject({ ok: false, code, message: expect.stringMatching(message) });
      expect(!outcome.ok && outcome.message).not.toContain('\n');
    });
  });

  describe('when segments overlap', () => {
    it('returns OVERLAPPING_SEGMENTS naming both segments', () => {
      const body = JSON.stringify({
        period: '2025-01',
        items: [
          {
            id: 'L1',
            segments: [
              { from: '2025-01-01T00:00:00Z', to: '2025-01-20T00:00:00Z', sku: 'BASIC', priceCents: 10_000 },
              { from: '2025-01-10T00:00:00Z', to: null, sku: 'PRO', priceCents: 20_000 },
            ],
          },
        ],
      });
      expect(runQuote(body)).toEqual({
        ok: false,
        code: 'OVERLAPPING_SEGMENTS',
        message: 'OVERLAPPING_SEGMENTS: items[0].segments[1] overlaps items[0].segments[0]',
      });
    });
  });
});
