import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const adminDir = fileURLToPath(new URL('../../admin', import.meta.url));
const builtPage = join(adminDir, 'build', 'index.html');

/** Builds the admin SPA once before the suite, unless the build is newer than every source file. */
export default function setup(): void {
  if (existsSync(builtPage) && newestSource() < statSync(builtPage).mtimeMs) return;
  // vitest runs with NODE_ENV=test, which would make a development build of the SPA: ask for production.
  execFileSync(join(adminDir, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], {
    cwd: adminDir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

function newestSource(): number {
  const roots = ['src', 'svelte.config.js', 'vite.config.ts', 'package.json'].map((p) => join(adminDir, p));
  let newest = 0;
  const visit = (path: string) => {
    const info = statSync(path);
    if (info.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, info.mtimeMs);
  };
  for (const root of roots) if (existsSync(root)) visit(root);
  return newest;
}
