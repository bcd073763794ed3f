import { readFileSync } from 'node:fs';
import { buildSchema, NoUnusedFragmentsRule, specifiedRules, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';

// Every typed document of the SPA, checked against the printed contract: a renamed or removed field fails here
// (and so `pnpm check`) even where TypeScript would only see an `unknown`.
const schema = buildSchema(readFileSync(new URL('../../../../schema/schema.graphql', import.meta.url), 'utf8'));
const modules = import.meta.glob<Record<string, unknown>>(['./*.ts', '!./*.test.ts', '!./graphql.ts', '!./client.ts'], { eager: true });

function documentsOf(exports: Record<string, unknown>): [string, DocumentNode][] {
  return Object.entries(exports).filter((entry): entry is [string, DocumentNode] => (entry[1] as DocumentNode | null)?.kind === 'Document');
}

describe('GraphQL documents', () => {
  for (const [file, exports] of Object.entries(modules)) {
    for (const [name, document] of documentsOf(exports)) {
      it(`${file} ${name} is valid against schema.graphql`, () => {
        // A fragment on its own is used by the operations that spread it.
        const fragmentOnly = document.definitions.every((d) => d.kind === 'FragmentDefinition');
        const rules = fragmentOnly ? specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule) : specifiedRules;
        expect(validate(schema, document, rules).map((e) => e.message)).toEqual([]);
      });
    }
  }

  it('finds the documents', () => {
    expect(Object.values(modules).flatMap(documentsOf).length).toBeGreaterThan(30);
  });
});
