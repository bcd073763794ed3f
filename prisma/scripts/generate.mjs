// `prisma generate` needs no schema engine, but the CLI insists on finding one before it starts.
// Point it at an existing file so it never tries to download the binary (unreachable here).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync('prisma', ['generate', '--schema', 'schema.prisma'], { env, stdio: 'inherit', shell: false });
process.exit(result.status ?? 1);
