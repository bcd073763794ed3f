import { fileURLToPath } from 'node:url';

/** The repository root, which relative DATA_DIR settings are resolved against. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const schemaPath = fileURLToPath(new URL('../schema.prisma', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
