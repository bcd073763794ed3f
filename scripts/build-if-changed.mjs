// `pnpm start` builds the admin app and the server only when their inputs changed: a hash of the inputs is
// kept beside each build and compared at every start.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test', 'bench', 'build', '.svelte-kit']);

/** A hash of `paths` (files, and directories walked without tests, builds and dependencies), relative to `root`. */
export function sourceHash(root, paths) {
  const hash = createHash('sha256');
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (!entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  for (const path of paths.map((p) => join(root, p))) {
    if (!existsSync(path)) continue;
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
  for (const file of files.sort()) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** The admin app's inputs: its sources (tests aside), its configuration and the lockfile (dependency versions). */
export const ADMIN = {
  inputs: ['admin/src', 'admin/package.json', 'admin/svelte.config.js', 'admin/vite.config.ts', 'admin/tsconfig.json', 'pnpm-lock.yaml'],
  output: 'admin/build/index.html',
  stamp: 'admin/build/.source-hash',
};

/** The server's: every workspace package it bundles (server/api/scripts/build.mjs), the Prisma client, the lockfile. */
export const SERVER = {
  inputs: ['server/api/src', 'server/api/scripts', 'server/api/package.json', 'server/domain', 'server/seed', 'schema', 'prisma/src', 'prisma/generated', 'prisma/package.json', 'pnpm-lock.yaml'],
  output: 'server/api/dist/main.js',
  stamp: 'server/api/dist/.source-hash',
};

/**
 * Runs `build` (which returns whether it succeeded) when `target.output` is missing or the inputs changed
 * since the last successful build, and records their hash after it. Returns 'built', 'current' or 'failed'.
 */
export function buildIfChanged(root, target, build) {
  const stamp = join(root, target.stamp);
  const hash = sourceHash(root, target.inputs);
  if (existsSync(join(root, target.output)) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return 'current';
  if (!build()) return 'failed';
  writeFileSync(stamp, hash);
  return 'built';
}

export const buildAdminIfChanged = (root, build) => buildIfChanged(root, ADMIN, build);

// `node scripts/build-if-changed.mjs stamp admin|server`, after that part's own build (`pnpm build`): records the
// hash, so the next `pnpm start` does not build it again.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'stamp') {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const target = process.argv[3] === 'server' ? SERVER : ADMIN;
  writeFileSync(join(root, target.stamp), sourceHash(root, target.inputs));
}
