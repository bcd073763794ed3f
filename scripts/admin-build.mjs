// The admin app is built only when its inputs changed: a hash of them is kept beside the build
// (admin/build/.source-hash) and compared at every `pnpm start`.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONFIG_FILES = ['package.json', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json'];

/** The admin app's inputs: its sources (tests aside), its configuration and the lockfile (dependency versions). */
export function adminSourceHash(root) {
  const admin = join(root, 'admin');
  const hash = createHash('sha256');
  const files = CONFIG_FILES.map((name) => join(admin, name));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  walk(join(admin, 'src'));
  files.push(join(root, 'pnpm-lock.yaml'));
  for (const file of files.sort()) {
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/**
 * Runs `build` (which returns whether it succeeded) when there is no admin build or its inputs changed
 * since the last successful one, and records their hash after it. Returns 'built', 'current' or 'failed'.
 */
export function buildAdminIfChanged(root, build) {
  const stamp = join(root, 'admin', 'build', '.source-hash');
  const hash = adminSourceHash(root);
  if (existsSync(join(root, 'admin', 'build', 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return 'current';
  if (!build()) return 'failed';
  writeFileSync(stamp, hash);
  return 'built';
}

// `node scripts/admin-build.mjs stamp`, after the admin's own `vite build` (`pnpm build`): records the
// hash, so the next `pnpm start` does not build it again.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'stamp') {
  const root = fileURLToPath(new URL('..', import.meta.url));
  writeFileSync(join(root, 'admin', 'build', '.source-hash'), adminSourceHash(root));
}
