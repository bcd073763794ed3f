import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { TEXT_LIMITS } from './text-limits.ts';

/** Cursors are checked by the connection that reads them, not by length. */
const CURSORS = new Set(['after', 'before']);

/** `Type.field(arg)` or `Input.field` of every String argument and input field that has no entry in TEXT_LIMITS. */
function textWithoutLimit(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) {
          if (getNamedType(arg.type).name === 'String' && !CURSORS.has(arg.name) && !(arg.name in TEXT_LIMITS)) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name === 'String' && !(field.name in TEXT_LIMITS)) missing.push(`${type.name}.${field.name}`);
      }
    }
  }
  return missing;
}

describe('TEXT_LIMITS', () => {
  it('has a limit for every String argument and input field in schema.graphql', () => {
    const schema = buildSchema(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));
    expect(textWithoutLimit(schema)).toEqual([]);
  });

  it('notices a new text field without one', () => {
    const schema = buildSchema('type Query { a(note: String, after: String): Int } input NewInput { comment: String, email: String }');
    expect(textWithoutLimit(schema)).toEqual(['Query.a(note)', 'NewInput.comment']);
  });

  it('gives emails 254 characters, names 200, search text 200 and URLs 2,048', () => {
    expect([TEXT_LIMITS['email'], TEXT_LIMITS['name'], TEXT_LIMITS['search'], TEXT_LIMITS['url']]).toEqual([254, 200, 200, 2_048]);
  });
});
