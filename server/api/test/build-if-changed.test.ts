import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAdminIfChanged, buildIfChanged, SERVER } from '../../../scripts/build-if-changed.mjs';

/** What `pnpm start` checks before it runs the server (scripts/start.mjs), on a small copy of the repository's layout. */
let root: string;
let builds: number;

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** Stands in for `vite build`: writes the build's index page, as the real one does. */
function fakeBuild(succeeds = true) {
  return () => {
    builds++;
    if (succeeds) write('admin/build/index.html', `<html>build ${builds}</html>`);
    return succeeds;
  };
}

const start = (succeeds = true) => buildAdminIfChanged(root, fakeBuild(succeeds));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'leaseboard-admin-stamp-'));
  builds = 0;
  write('pnpm-lock.yaml', 'lockfileVersion: 9.0\n');
  write('admin/package.json', '{"name":"@leaseboard/admin"}');
  write('admin/svelte.config.js', 'export default {};');
  write('admin/src/routes/+page.svelte', '<h1>Leases</h1>');
  write('admin/src/lib/format.ts', 'export const cents = 100;');
  write('admin/src/lib/format.test.ts', 'test');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('building the admin app at start', () => {
  describe('when there is no build yet', () => {
    it('builds it', () => {
      expect(start()).toBe('built');
      expect(builds).toBe(1);
    });
  });

  describe('when nothing changed since the last build', () => {
    it('does not build it again, start after start', () => {
      start();
      expect([start(), start()]).toEqual(['current', 'current']);
      expect(builds).toBe(1);
    });
  });

  for (const [what, path] of [
    ['a source file', 'admin/src/lib/format.ts'],
    ['a new route', 'admin/src/routes/leases/+page.svelte'],
    ['its configuration', 'admin/svelte.config.js'],
    ['the lockfile (a dependency version)', 'pnpm-lock.yaml'],
  ] as const) {
    describe(`when ${what} changed`, () => {
      it('builds it once, then not again', () => {
        start();
        write(path, 'changed');
        expect(start()).toBe('built');
        expect(start()).toBe('current');
        expect(builds).toBe(2);
      });
    });
  }

  describe('when only a test file changed', () => {
    it('does not build it', () => {
      start();
      write('admin/src/lib/format.test.ts', 'another test');
      expect(start()).toBe('current');
      expect(builds).toBe(1);
    });
  });

  describe('when the build was removed', () => {
    it('builds it even though the sources are the same', () => {
      start();
      rmSync(join(root, 'admin/build/index.html'));
      expect(start()).toBe('built');
      expect(builds).toBe(2);
    });
  });

  describe('when a build failed', () => {
    it('records nothing, so the next start tries again', () => {
      start();
      write('admin/src/lib/format.ts', 'broken');
      expect(start(false)).toBe('failed');
      expect(start()).toBe('built');
      expect(builds).toBe(3);
    });
  });
});

describe('compiling the server at start', () => {
  const compile = () => {
    builds++;
    write('server/api/dist/main.js', `// build ${builds}`);
    return true;
  };
  beforeEach(() => {
    write('server/api/src/main.ts', 'await boot();');
    write('server/domain/src/leases/start-lease.ts', 'export {};');
    write('server/domain/test/factories.ts', 'export {};');
  });

  it('compiles when a source of any server package changed, and not for its tests', () => {
    expect(buildIfChanged(root, SERVER, compile)).toBe('built');
    write('server/domain/test/factories.ts', 'export const changed = 1;');
    write('server/domain/src/leases/start-lease.test.ts', 'test');
    expect(buildIfChanged(root, SERVER, compile)).toBe('current');
    write('server/domain/src/leases/start-lease.ts', 'export const changed = 1;');
    expect(buildIfChanged(root, SERVER, compile)).toBe('built');
    expect(buildIfChanged(root, SERVER, compile)).toBe('current');
    expect(builds).toBe(2);
  });
});
