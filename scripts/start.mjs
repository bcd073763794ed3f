// `pnpm start`: builds the admin app only when its sources changed, then runs the server as this
// process's one child and leaves with its exit code. SIGINT and SIGTERM go to the server, which drains and
// stops cleanly (exit 0), so a stop never looks like a crash: not through pnpm's recursive runner either.
// NODE_ENV=production runs the build (`pnpm build`) with plain node; otherwise the sources through tsx.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const admin = join(root, 'admin');
const stamp = join(admin, 'build', '.source-hash');

/** The admin app's inputs: its sources, its configuration and the lockfile (dependency versions). */
export function adminSourceHash() {
  const hash = createHash('sha256');
  const files = ['package.json', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json'].map((name) => join(admin, name));
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

function buildAdminIfChanged() {
  const hash = adminSourceHash();
  if (existsSync(join(admin, 'build', 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  console.log('Building the admin app (its sources changed)…');
  const vite = join(admin, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: admin, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  writeFileSync(stamp, hash);
}

function serverCommand() {
  if (process.env.NODE_ENV === 'production') {
    const built = join(root, 'server', 'api', 'dist', 'main.js');
    if (!existsSync(built)) {
      console.error('NODE_ENV=production runs the build: run `pnpm build` first.');
      process.exit(1);
    }
    return [built];
  }
  return ['--import', 'tsx', join(root, 'server', 'api', 'src', 'main.ts')];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildAdminIfChanged();
  const server = spawn(process.execPath, serverCommand(), { cwd: join(root, 'server', 'api'), stdio: 'inherit' });
  // A terminal's Ctrl-C reaches the whole process group (the server too); a SIGTERM to this process is
  // passed on. Either way this process waits for the server's own exit code.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
