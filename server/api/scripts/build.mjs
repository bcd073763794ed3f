// `pnpm build` for the server: compiles the workspace's TypeScript (this package, the schema, the seed,
// the domain and the db package) into server/api/dist/ with esbuild, so production runs with plain node.
// Packages from node_modules are not bundled: each import is rewritten to the file it resolves to,
// relative to dist/, and node loads it as it would from source (native and WebAssembly parts included).
// Each workspace module's import.meta.url is rewritten to its source file's, so the paths it builds
// (the migrations, the admin build, DATA_DIR's root) are the same as when it runs from source.
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const repo = join(apiDir, '..', '..');
const outdir = join(apiDir, 'dist');
const exportProcess = join(repo, 'server', 'domain', 'src', 'jobs', 'export-process.ts');
const posix = (path) => path.split(sep).join('/');
const fromDist = (file) => {
  const path = posix(relative(outdir, file));
  return path.startsWith('.') ? path : `./${path}`;
};

const workspaceSources = {
  name: 'workspace-sources',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@leaseboard/') || args.path.startsWith('node:') || args.pluginData === 'resolving') return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
      if (resolved.errors.length) return { errors: resolved.errors };
      if (!resolved.path.includes(`${sep}node_modules${sep}`)) return undefined;
      return { path: fromDist(resolved.path), external: true };
    });
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const here = `new URL(${JSON.stringify(fromDist(args.path))}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', here), loader: 'ts' };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
const started = Date.now();
await build({
  entryPoints: { main: join(apiDir, 'src', 'main.ts'), 'export-process': exportProcess },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { LEASEBOARD_BUILT_EXPORT_PROCESS: JSON.stringify(posix(relative(dirname(exportProcess), join(outdir, 'export-process.js')))) },
  plugins: [workspaceSources],
});
console.log(`Built the server into ${posix(relative(repo, outdir))}/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
