// `pnpm start`: builds the admin app and the server only when their sources changed, then runs the server as
// this process's one child and leaves with its exit code. SIGINT and SIGTERM go to the server, which drains
// and stops cleanly (exit 0), so a stop never looks like a crash: not through pnpm's recursive runner either.
// The server always runs compiled (server/api/dist, plain node): loading the sources through tsx took about
// 1.4 s of CPU more at every start. NODE_ENV=production runs the build of `pnpm build` and never builds.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN, buildIfChanged, SERVER } from './build-if-changed.mjs';
import { SERVER_NODE_OPTIONS } from './server-node-options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const admin = join(root, 'admin');

function viteBuild() {
  console.log('Building the admin app (its sources changed)…');
  const vite = join(admin, 'node_modules', 'vite', 'bin', 'vite.js');
  return spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: admin, stdio: 'inherit' }).status === 0;
}

/** esbuild only (about 1 s); `pnpm build` type-checks as well. */
function serverBuild() {
  console.log('Compiling the server (its sources changed)…');
  return spawnSync(process.execPath, [join(root, 'server', 'api', 'scripts', 'build.mjs')], { cwd: join(root, 'server', 'api'), stdio: 'inherit' }).status === 0;
}

function serverCommand() {
  const built = join(root, 'server', 'api', 'dist', 'main.js');
  if (process.env.NODE_ENV === 'production') {
    if (!existsSync(built)) {
      console.error('NODE_ENV=production runs the build: run `pnpm build` first.');
      process.exit(1);
    }
  } else if (buildIfChanged(root, SERVER, serverBuild) === 'failed') process.exit(1);
  return [...SERVER_NODE_OPTIONS, built];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (buildIfChanged(root, ADMIN, viteBuild) === 'failed') process.exit(1);
  const server = spawn(process.execPath, serverCommand(), { cwd: join(root, 'server', 'api'), stdio: 'inherit' });
  // A terminal's Ctrl-C reaches the whole process group (the server too); a SIGTERM to this process is
  // passed on. Either way this process waits for the server's own exit code.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
