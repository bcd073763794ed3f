import { fileURLToPath } from 'node:url';

export const schemaPath = fileURLToPath(new URL('../schema.prisma', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
