import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Each package, the folder it lives in, and the workspace packages it may import. */
const layers = [
  { name: '@leaseboard/db', dir: 'prisma/', mayImport: [] },
  { name: '@leaseboard/domain', dir: 'server/domain/', mayImport: ['@leaseboard/db'] },
  { name: '@leaseboard/seed', dir: 'server/seed/', mayImport: ['@leaseboard/db', '@leaseboard/domain'] },
  { name: '@leaseboard/schema', dir: 'schema/', mayImport: ['@leaseboard/db', '@leaseboard/domain'] },
  { name: '@leaseboard/api', dir: 'server/api/', mayImport: ['@leaseboard/db', '@leaseboard/domain', '@leaseboard/seed', '@leaseboard/schema'] },
  { name: '@leaseboard/e2e', dir: 'e2e/', mayImport: ['@leaseboard/db', '@leaseboard/domain', '@leaseboard/seed', '@leaseboard/schema', '@leaseboard/api'] },
  { name: '@leaseboard/admin', dir: 'admin/', mayImport: [] },
] as const;

/** Libraries of a layer above: the domain knows nothing of GraphQL or HTTP. */
const forbiddenLibraries: Record<string, RegExp> = {
  '@leaseboard/domain': /^(graphql|graphql-yoga|@pothos\/.*|node:http|node:https)$/,
  '@leaseboard/db': /^(graphql|graphql-yoga|@pothos\/core|@pothos\/plugin-(?!prisma).*)$/,
};

/** Work that only runs after a commit is started by the mutation adapter, never by a resolver. */
const forbiddenPaths: Record<string, RegExp> = {
  '@leaseboard/schema': /^@leaseboard\/domain\/jobs\//,
};

interface ImportEdge {
  file: string;
  specifier: string;
}

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.svelte', '*.mjs', '*.js'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return listed.split('\n').filter((file) => file && !file.includes('/generated/') && !file.includes('node_modules/'));
}

const importPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.mock\(\s*)(['"])([^'"\n]+)\1/g;

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  return [...text.matchAll(importPattern)].map((match) => ({ file, specifier: match[2]! }));
}

function layerOf(path: string) {
  return layers.find((layer) => path.startsWith(layer.dir));
}

function packageOf(specifier: string): string | null {
  const match = /^(@[^/]+\/[^/]+|[^/]+)/.exec(specifier);
  return match ? match[1]! : null;
}

/** Every import that breaks a rule, as "file → specifier (why)". */
export function wrongWayImports(edges: ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { file, specifier } of edges) {
    const from = layerOf(file);
    if (!from) continue;
    if (specifier.startsWith('.')) {
      const target = normalize(join(dirname(file), specifier));
      const to = layerOf(target);
      if (to && to !== from) problems.push(`${file} → ${specifier} (a relative path into ${to.name}; import the package)`);
      else if (!to && target.startsWith('..')) problems.push(`${file} → ${specifier} (outside the repository)`);
      continue;
    }
    const pkg = packageOf(specifier);
    if (pkg?.startsWith('@leaseboard/') && pkg !== from.name && !(from.mayImport as readonly string[]).includes(pkg)) {
      problems.push(`${file} → ${specifier} (${from.name} may not import ${pkg})`);
    }
    if (pkg && forbiddenLibraries[from.name]?.test(specifier)) problems.push(`${file} → ${specifier} (${from.name} knows nothing of GraphQL or HTTP)`);
    if (forbiddenPaths[from.name]?.test(specifier)) problems.push(`${file} → ${specifier} (after-commit work belongs to the mutation adapter)`);
  }
  return problems;
}

describe('mutations', () => {
  it('are all made by the one adapter (schema/mutation.ts)', () => {
    const makers = sourceFiles()
      .filter((file) => file.startsWith('schema/') && file !== 'schema/mutation.ts')
      .filter((file) => /\bmutationField\s*\(|\bmutationFields\s*\(/.test(readFileSync(join(repoRoot, file), 'utf8')));
    expect(makers).toEqual([]);
  });
});

describe('the workspace imports', () => {
  it('point one way: db ← domain ← seed, schema ← api ← e2e', () => {
    const edges = sourceFiles().flatMap(importsOf);
    expect(edges.length).toBeGreaterThan(1_000);
    expect(wrongWayImports(edges)).toEqual([]);
  });

  describe('when an import points the wrong way', () => {
    it.each([
      ['server/domain/src/leases/start-lease.ts', '@leaseboard/schema/payload'],
      ['server/domain/src/leases/start-lease.ts', 'graphql'],
      ['server/domain/src/leases/start-lease.ts', '@pothos/plugin-relay'],
      ['prisma/src/client.ts', '@leaseboard/domain/clock'],
      ['schema/leases/mutations.ts', '@leaseboard/api/app'],
      ['schema/leases/mutations.ts', '@leaseboard/domain/jobs/outbox-jobs'],
      ['server/seed/src/index.ts', '../../domain/src/billing/proration.rules.ts'],
      ['admin/src/lib/format.ts', '@leaseboard/domain/billing/money'],
    ])('reports %s → %s', (file, specifier) => {
      expect(wrongWayImports([{ file, specifier }])).toHaveLength(1);
    });

    it('accepts the imports the layers allow', () => {
      const allowed: ImportEdge[] = [
        { file: 'schema/leases/mutations.ts', specifier: '@leaseboard/domain/leases/start-lease' },
        { file: 'server/api/src/app.ts', specifier: '@leaseboard/schema' },
        { file: 'server/seed/src/index.ts', specifier: '@leaseboard/domain/billing/proration.rules' },
        { file: 'server/domain/src/leases/start-lease.ts', specifier: '../audit/record-audit.ts' },
      ];
      expect(wrongWayImports(allowed)).toEqual([]);
    });
  });
});
