export { createDb, poolOf, queryRows, type Db, type DbOptions } from './client.ts';
export { Migrator, type MigrationStatus } from './migrator.ts';
export { startEmbeddedPostgres, type EmbeddedPostgres, type ListenFn } from './embedded-postgres.ts';
export { embeddedDataDir, resolveDatabaseUrl, repoRoot, type DatabaseTarget } from './database-url.ts';
export * from '../generated/enums.ts';
export type * from '../generated/models.ts';
export { Prisma } from '../generated/client.ts';
export { DataDirBusyError, readLockHolder, type LockHolder } from './data-dir-lock.ts';
