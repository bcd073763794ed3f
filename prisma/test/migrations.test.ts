import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator } from '../src/migrator.ts';
import { migrationsDir, schemaPath } from '../src/paths.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/embedded-postgres.ts';

describe('the migrations folder', () => {
  it('builds exactly what schema.prisma describes (the diff is empty)', async () => {
    const scratch = await startEmbeddedPostgres();
    try {
      expect(await new Migrator({ databaseUrl: scratch.url }).diffMigrationsToSchema()).toBe('');
    } finally {
      await scratch.stop();
    }
  });
});

describe('Migrator', () => {
  let work: string;
  let schemaCopy: string;
  let migrationsCopy: string;
  let fresh: EmbeddedPostgres;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'leaseboard-migrations-'));
    schemaCopy = join(work, 'schema.prisma');
    migrationsCopy = join(work, 'migrations');
    cpSync(schemaPath, schemaCopy);
    cpSync(migrationsDir, migrationsCopy, { recursive: true });
    fresh = await startEmbeddedPostgres();
  });
  afterAll(async () => {
    await fresh.stop();
    rmSync(work, { recursive: true, force: true });
  });

  describe('when schema.prisma gains a column and an index', () => {
    it('writes a migration with just that change, which then applies and leaves no drift', async () => {
      const changed = readFileSync(schemaCopy, 'utf8').replace(
        '  billingEmail String\n',
        '  billingEmail String\n  vatNumber    String?\n\n  @@index([vatNumber])\n',
      );
      writeFileSync(schemaCopy, changed);
      const migrator = new Migrator({ databaseUrl: fresh.url, schemaPath: schemaCopy, migrationsDir: migrationsCopy });

      const created = await migrator.create('partner_vat_number', new Date('2030-01-02T03:04:05Z'));
      expect(created?.folder).toBe('20300102030405_partner_vat_number');
      const sql = readFileSync(created!.path, 'utf8');
      expect(sql).toMatch(/ALTER TABLE "(public"\.")?Partner" ADD COLUMN\s+"vatNumber" TEXT;/);
      expect(sql).toMatch(/CREATE INDEX "Partner_vatNumber_idx"/);
      expect(sql).not.toMatch(/CREATE TABLE/);

      expect(await migrator.diffMigrationsToSchema()).toBe('');
      const applied = await migrator.deploy();
      expect(applied).toHaveLength(readdirSync(migrationsCopy).filter((n) => /^\d/.test(n)).length);
      const status = await migrator.status();
      expect(status).toMatchObject({ pending: [], failed: [], edited: [], drift: '' });
    });
  });
});

describe('Migrator.status', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  describe('when the database matches the migrations', () => {
    it('reports everything applied and no drift', async () => {
      const status = await new Migrator({ databaseUrl: database.url }).status();
      expect(status.pending).toEqual([]);
      expect(status.applied.length).toBeGreaterThan(0);
      expect(status.drift).toBe('');
    });
  });

  describe('when someone changed the database by hand', () => {
    it('reports the drift as SQL', async () => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query('ALTER TABLE "Partner" ADD COLUMN "handMade" integer');
      await client.end();
      const status = await new Migrator({ databaseUrl: database.url }).status();
      expect(status.drift).toMatch(/handMade/);
    });
  });

  describe('when a migration has not been applied', () => {
    it('lists it as pending', async () => {
      const empty = await startEmbeddedPostgres();
      try {
        const status = await new Migrator({ databaseUrl: empty.url }).status();
        expect(status.pending).toEqual(readdirSync(migrationsDir).filter((n) => /^\d/.test(n)).sort());
      } finally {
        await empty.stop();
      }
    });
  });
});
