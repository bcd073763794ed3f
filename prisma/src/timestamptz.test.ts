import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';
import { parseTimestamptz, ROW_TYPES } from './timestamptz.ts';

const pgParse = pg.types.getTypeParser(1184, 'text') as (text: string) => Date;

describe('parseTimestamptz', () => {
  describe('when given the forms PostgreSQL writes', () => {
    it.each([
      '2026-03-01 10:20:30.123+00',
      '2026-03-01 10:20:30.12+00',
      '2026-03-01 10:20:30.1+00',
      '2026-03-01 10:20:30+00',
      '2024-02-29 23:59:59.999+00',
      '2026-12-31 23:30:00+05:30',
      '2026-01-01 00:15:00.5-03:30',
      '1000-01-01 00:00:00+00',
      '9999-12-31 23:59:59.999-12',
    ])('returns the instant pg gives for %s', (text) => {
      expect(parseTimestamptz(text).getTime()).toBe(pgParse(text).getTime());
    });
  });

  describe('when the text is outside the common form', () => {
    it.each([
      ['microseconds', '2026-03-01 10:20:30.123456+00'],
      ['an offset with seconds (local mean time)', '1890-03-01 10:20:30+00:19:32'],
      ['a year before 1000', '0999-03-01 10:20:30+00'],
      ['a year after 9999', '10000-03-01 10:20:30+00'],
      ['an era', '2026-03-01 10:20:30+00 BC'],
      ['infinity', 'infinity'],
    ])('leaves %s to pg and returns what it returns', (_, text) => {
      expect(parseTimestamptz(text)).toEqual(pgParse(text));
    });
  });

  describe('for any instant between the years 1000 and 9999, any precision and any whole-minute offset', () => {
    it('returns the instant pg gives', () => {
      const instant = fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) });
      const offset = fc.integer({ min: -14 * 4, max: 14 * 4 }).map((quarters) => quarters * 15);
      fc.assert(
        fc.property(instant, offset, fc.integer({ min: 0, max: 6 }), (ms, offsetMinutes, digits) => {
          const text = postgresText(ms, offsetMinutes, digits);
          expect(parseTimestamptz(text).getTime()).toBe(pgParse(text).getTime());
        }),
      );
    });
  });
});

describe('ROW_TYPES', () => {
  let postgres: EmbeddedPostgres | null = null;
  let client: pg.Client;
  beforeAll(async () => {
    // The PGlite run sets TEST_DATABASE_URL to the empty string.
    const url = process.env['TEST_DATABASE_URL'] || (postgres = await startEmbeddedPostgres()).url;
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await postgres?.stop();
  });

  describe('when the database writes timestamps in the session time zone', () => {
    it.each(['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Amsterdam'])('gives the same Dates as pg in %s', async (zone) => {
      await client.query(`SET TIME ZONE '${zone}'`);
      const statement = `SELECT t FROM unnest($1::timestamptz[]) AS t`;
      const values = [['2026-03-29 01:30:00.5Z', '1890-06-01 12:00:00Z', '2024-02-29 23:59:59.999Z', '2026-10-25 00:59:59.001Z', 'infinity']];
      const ours = await client.query({ text: statement, values, types: ROW_TYPES });
      const theirs = await client.query(statement, values);
      expect(ours.rows).toEqual(theirs.rows);
      expect(ours.rows[0].t).toEqual(new Date('2026-03-29T01:30:00.500Z'));
    });
  });
});

/** `ms` as PostgreSQL writes a timestamptz in a zone `offsetMinutes` east of UTC, with `digits` of fraction. */
function postgresText(ms: number, offsetMinutes: number, digits: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString();
  const fraction = digits === 0 ? '' : `.${(local.slice(20, 23) + '417').slice(0, digits)}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = Math.abs(offsetMinutes) % 60;
  return `${local.slice(0, 10)} ${local.slice(11, 19)}${fraction}${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}
