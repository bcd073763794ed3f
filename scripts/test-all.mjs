// Runs every test: type-check, all packages on the embedded database (PGlite), all packages again on
// the PostgreSQL server at TEST_DATABASE_URL (default 127.0.0.1:5432), then the browser tests.
// Ends with one summary line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pnpm = ['-y', 'pnpm@10.34.8'];
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const resultsDir = join(root, '.test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const failures = [];
function step(title, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync('npx', [...pnpm, ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) failures.push(title);
}

function vitestArgs(run) {
  return ['--reporter=default', '--reporter=json', `--outputFile=${join(resultsDir, run)}-$PKG.json`];
}

const units = ['-r', '--workspace-concurrency=1', '--filter', '!@leaseboard/e2e', 'exec', 'sh', '-c'];
const vitest = (run) => `npx vitest run ${vitestArgs(run).join(' ').replace('$PKG', '$(basename $PWD)')} --passWithNoTests`;

step('type-check every package', ['check']);
step('tests on the embedded database (PGlite)', [...units, vitest('pglite')], { TEST_DATABASE_URL: '' });
step(`tests on PostgreSQL (${postgresUrl.replace(/\/\/[^@/]*@/, '//')})`, [...units, vitest('postgres')], { TEST_DATABASE_URL: postgresUrl });
step('browser tests (Chromium)', ['--filter', '@leaseboard/e2e', 'exec', 'sh', '-c', vitest('browser')], { TEST_DATABASE_URL: '' });

let passed = 0;
let failed = 0;
for (const file of existsSync(resultsDir) ? readdirSync(resultsDir) : []) {
  const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTests ?? 0);
}
if (failures.length) console.log(`\nFailed steps: ${failures.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failures.length || failed ? 1 : 0);
