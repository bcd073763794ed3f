import { existsSync, readdirSync } from 'node:fs';

/** `pnpm bench <name>` runs bench/<name>.ts. */
const name = process.argv[2];
const here = new URL('.', import.meta.url);
const available = readdirSync(here).filter((f) => f.endsWith('.ts') && !['run.ts', 'bench-database.ts'].includes(f)).map((f) => f.replace(/\.ts$/, ''));
if (!name || !existsSync(new URL(`./${name}.ts`, here)) || !available.includes(name)) {
  console.error(`usage: pnpm bench <${available.join('|')}>`);
  process.exit(2);
}
await import(`./${name}.ts`);
