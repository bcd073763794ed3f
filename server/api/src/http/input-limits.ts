import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  GraphQLError,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '@leaseboard/schema/context';
import { DEFAULT_TEXT_LIMIT, TEXT_LIMITS } from '@leaseboard/schema/text-limits';
import { coercedVariables } from './coerced-variables.ts';
import { perDocument } from './per-document.ts';

/** Longest global ID. */
export const MAX_ID_LENGTH = 100;

export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INT32_MAX = 2_147_483_647;

/**
 * Checks every text and ID argument of the operation before it runs, so bad input is a GraphQL error that
 * names the argument instead of reaching the database: no NUL, no lone UTF-16 surrogate, no more characters
 * than the field's entry in schema/text-limits.ts allows, and every ID a global ID of a positive 32-bit number.
 */
export function inputLimits(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = coercedVariables(args);
      // Bad variables are refused by compiled execution (compiled-execution.ts), with graphql-js's messages.
      if (!variables || variables.errors) return;
      const problem = firstProblem(args.schema, args.document, variables.operation, variables.coerced);
      if (problem) setResultAndStopExecution({ errors: [new GraphQLError(problem, { extensions: { code: 'BAD_USER_INPUT' } })] });
    },
  };
}

/**
 * The first problem with the arguments of `operation` (a definition of `document`), given its coerced
 * variables, as a sentence that names the argument; null when none.
 */
export function firstProblem(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): string | null {
  const fallback = operation.operation === 'mutation' ? DEFAULT_TEXT_LIMIT.mutation : DEFAULT_TEXT_LIMIT.query;
  for (const { field, node } of fieldsWithArguments(schema, document)) {
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, node, variables);
    } catch {
      continue; // execution reports it
    }
    for (const arg of field.args) {
      const problem = checkValue(values[arg.name], arg.type, `${field.name}.${arg.name}`, TEXT_LIMITS[arg.name] ?? fallback, fallback);
      if (problem) return problem;
    }
  }
  return null;
}

type FieldWithArguments = { field: GraphQLField<unknown, unknown>; node: FieldNode };

/** Per schema, the fields of each parsed document that take arguments (`perDocument`). */
const fieldsBySchema = new WeakMap<GraphQLSchema, (document: DocumentNode) => FieldWithArguments[]>();

function fieldsWithArguments(schema: GraphQLSchema, document: DocumentNode): FieldWithArguments[] {
  let fieldsOf = fieldsBySchema.get(schema);
  if (!fieldsOf) fieldsBySchema.set(schema, (fieldsOf = perDocument((d) => argumentFieldsOf(schema, d))));
  return fieldsOf(document);
}

/**
 * Every field of the document that is given arguments, with its definition, in document order. Fields in
 * fragments are included: every fragment of the document, used by this operation or not. A field given no
 * argument has nothing to check (a default value is the schema's own).
 */
function argumentFieldsOf(schema: GraphQLSchema, document: DocumentNode): FieldWithArguments[] {
  const typeInfo = new TypeInfo(schema);
  const found: FieldWithArguments[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.FIELD]: (node) => {
        const field = typeInfo.getFieldDef();
        if (field && node.arguments?.length) found.push({ field, node });
      },
    }),
  );
  return found;
}

function checkValue(value: unknown, type: GraphQLInputType, path: string, max: number, fallback: number): string | null {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return checkValue(value, nullable.ofType, path, max, fallback);
    for (const [i, item] of value.entries()) {
      const problem = checkValue(item, nullable.ofType, `${path}[${i}]`, max, fallback);
      if (problem) return problem;
    }
    return null;
  }
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    for (const [name, field] of Object.entries(named.getFields())) {
      const problem = checkValue((value as Record<string, unknown>)[name], field.type, `${path}.${name}`, TEXT_LIMITS[name] ?? fallback, fallback);
      if (problem) return problem;
    }
    return null;
  }
  if (!isScalarType(named) || typeof value !== 'string') return null;
  if (named.name === 'ID') return checkGlobalId(value, path);
  if (named.name !== 'String') return null;
  return checkText(value, path, max);
}

/** The text rules on their own, for the routes that are not GraphQL. */
export function checkText(value: string, name: string, max: number): string | null {
  if (value.includes('\u0000')) return `${name} must not contain a NUL character.`;
  if (LONE_SURROGATE.test(value)) return `${name} must be valid Unicode text (it contains a lone surrogate).`;
  if (value.length > max) return `${name} must be at most ${max} characters (got ${value.length}).`;
  return null;
}

function checkGlobalId(value: string, path: string): string | null {
  const bad = `${path} is not a valid ID.`;
  if (value.length > MAX_ID_LENGTH || !/^[A-Za-z0-9+/=_-]+$/.test(value)) return bad;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const match = /^[A-Za-z][A-Za-z0-9]*:([1-9][0-9]{0,9})$/.exec(decoded);
  if (!match || Number(match[1]) > INT32_MAX) return bad;
  return null;
}

/** `variables` or `extensions` in a GET query string that is not JSON is the client's mistake: 400, not 500. */
export function malformedGetParameters(): Plugin<Context> {
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET') return;
      for (const name of ['variables', 'extensions']) {
        const raw = url.searchParams.get(name);
        if (raw === null || raw === '') continue;
        try {
          JSON.parse(raw);
        } catch {
          endResponse(Response.json({ errors: [{ message: `The ${name} parameter must be JSON.`, extensions: { code: 'BAD_REQUEST' } }] }, { status: 400 }));
          return;
        }
      }
    },
  };
}
