import { readFileSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { withWholeScripts } from './whole-scripts.ts';
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import { CharColumnsClient, withCharColumns } from './char-columns.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';
import { readMigrationsFolder, writeMigration } from './migrations-folder.ts';
import { migrationsDir as defaultMigrationsDir, schemaPath as defaultSchemaPath } from './paths.ts';
import { loadSchemaEngineClass } from './schema-engine.ts';

export interface MigratorOptions {
  databaseUrl: string;
  schemaPath?: string;
  migrationsDir?: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  failed: string[];
  edited: string[];
  /** Migrations in the database that the folder does not have. */
  unknown: string[];
  /** SQL that would turn what the migrations build into what the database has; empty when there is no drift. */
  drift: string;
}

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

/**
 * Prisma's migration commands (deploy, create, status, diff) on the WebAssembly schema engine.
 * The shadow database Prisma needs for diffs is a throw-away in-memory PGlite, so nothing is created
 * on the real server and it works the same on the embedded default.
 */
export class Migrator {
  readonly databaseUrl: string;
  readonly schemaPath: string;
  readonly migrationsDir: string;

  constructor(options: MigratorOptions) {
    this.databaseUrl = options.databaseUrl;
    this.schemaPath = options.schemaPath ?? defaultSchemaPath;
    this.migrationsDir = options.migrationsDir ?? defaultMigrationsDir;
  }

  /** Applies pending migrations, as `prisma migrate deploy` does. Returns the names applied. */
  async deploy(): Promise<string[]> {
    const migrationsList = readMigrationsFolder(this.migrationsDir);
    if (await this.allApplied(migrationsList.migrationDirectories.map((entry) => entry.path))) return [];
    return this.withEngine(async (engine) => {
      const result = await engine.applyMigrations({
        migrationsList,
        filters: NO_FILTER,
      });
      return result.appliedMigrationNames;
    });
  }

  /**
   * True when every migration in the folder is applied and none has failed: the usual start-up, which
   * then needs no schema engine (its WebAssembly took about a second and stayed in memory).
   */
  private async allApplied(names: string[]): Promise<boolean> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string; finished: boolean }>(
        `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations WHERE rolled_back_at IS NULL`,
      );
      const applied = new Set(rows.filter((row) => row.finished).map((row) => row.migration_name));
      return rows.every((row) => row.finished) && names.every((name) => applied.has(name));
    } catch {
      return false; // No migrations table yet: the engine creates it.
    } finally {
      await client.end();
    }
  }

  /**
   * Writes the SQL between the migrations folder and schema.prisma into a new migration folder, as
   * `prisma migrate dev --create-only` does. Returns null when there is nothing to migrate.
   */
  async create(name: string, now = new Date()): Promise<{ folder: string; path: string } | null> {
    if (!/^[a-z0-9_]+$/i.test(name)) throw new Error(`migration name must be letters, digits and underscores: ${name}`);
    const sql = await this.diffMigrationsToSchema();
    if (!sql) return null;
    const folder = `${migrationTimestamp(now)}_${name}`;
    return { folder, path: writeMigration(this.migrationsDir, folder, sql) };
  }

  /** The SQL that would turn what the migrations build into what schema.prisma says; '' when they agree. */
  async diffMigrationsToSchema(): Promise<string> {
    const folder = readMigrationsFolder(this.migrationsDir);
    return this.withEngine(async (engine) => {
      const result = await engine.diff({
        from: { tag: 'migrations', ...folder },
        to: { tag: 'schemaDatamodel', ...this.schemaFiles() },
        script: true,
        exitCode: null,
        filters: NO_FILTER,
      });
      return withoutKnownExtensions(emptyDiffToBlank(result.stdout ?? ''), folder);
    });
  }

  async status(): Promise<MigrationStatus> {
    const folder = readMigrationsFolder(this.migrationsDir);
    const inFolder = folder.migrationDirectories.map((m) => m.path);
    return this.withEngine(async (engine) => {
      const history = await engine.diagnoseMigrationHistory({
        migrationsList: folder,
        optInToShadowDatabase: false,
        filters: NO_FILTER,
      });
      const diag = history.history;
      const pending = diag?.diagnostic === 'databaseIsBehind' || diag?.diagnostic === 'historiesDiverge'
        ? diag.unappliedMigrationNames
        : [];
      const unknown = diag?.diagnostic === 'migrationsDirectoryIsBehind' || diag?.diagnostic === 'historiesDiverge'
        ? diag.unpersistedMigrationNames
        : [];
      const driftResult = await engine.diff({
        from: { tag: 'migrations', ...folder },
        to: { tag: 'schemaDatasource', files: this.schemaFiles().files, configDir: '.' },
        script: true,
        exitCode: null,
        filters: NO_FILTER,
      });
      return {
        applied: inFolder.filter((n) => !pending.includes(n)),
        pending,
        failed: history.failedMigrationNames,
        edited: history.editedMigrationNames,
        unknown,
        drift: pending.length > 0 ? '' : withoutKnownExtensions(emptyDiffToBlank(driftResult.stdout ?? ''), folder),
      };
    });
  }

  private schemaFiles() {
    return { files: [{ path: this.schemaPath, content: readFileSync(this.schemaPath, 'utf8') }] };
  }

  private async withEngine<T>(work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
    let shadow: EmbeddedPostgres | undefined;
    const opened: SqlDriverAdapter[] = [];
    const track = (adapter: SqlDriverAdapter) => {
      opened.push(adapter);
      return withWholeScripts(withCharColumns(adapter));
    };
    const main = migrationAdapter(this.databaseUrl);
    const factory = bindMigrationAwareSqlAdapterFactory({
      provider: main.provider,
      adapterName: main.adapterName,
      connect: async () => track(await main.connect()),
      connectToShadowDb: async () => {
        shadow ??= await startEmbeddedPostgres({ maxConnections: 4 });
        return track(await migrationAdapter(shadow.url).connect());
      },
    });
    const SchemaEngineClass = await loadSchemaEngineClass();
    const schema = this.schemaFiles().files.map((f) => [f.path, f.content] as [string, string]);
    const engine = await SchemaEngineClass.new({ datamodels: schema }, () => {}, factory);
    try {
      return await work(engine);
    } finally {
      engine.free();
      await Promise.all(opened.map((adapter) => adapter.dispose().catch(() => {})));
      await shadow?.stop();
    }
  }
}

function emptyDiffToBlank(script: string): string {
  return /^\s*(-- This is an empty migration\.)?\s*$/.test(script) ? '' : script;
}

function migrationAdapter(connectionString: string): PrismaPg {
  return new PrismaPg({ connectionString, max: 2, Client: CharColumnsClient });
}

function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The schema engine does not see extensions in a database built from the migrations (the shadow), so
 * every diff from the migrations proposes to create them again. Steps that create an extension the
 * migrations already create are dropped; any other difference stays.
 */
function withoutKnownExtensions(script: string, folder: MigrationList): string {
  const created = new Set<string>(['plpgsql']); // built into every PostgreSQL
  for (const dir of folder.migrationDirectories) {
    const sql = dir.migrationFile.content.tag === 'ok' ? dir.migrationFile.content.value : '';
    for (const match of sql.matchAll(/CREATE EXTENSION IF NOT EXISTS "([^"]+)"/g)) created.add(match[1]!);
  }
  const steps = script.split(/\n(?=-- )/).filter((step) => {
    const match = /^-- CreateExtension\nCREATE EXTENSION IF NOT EXISTS "([^"]+)"/.exec(step);
    return !(match && created.has(match[1]!));
  });
  return steps.join('\n').trim();
}
