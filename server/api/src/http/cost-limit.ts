import { GraphQLError, Kind, parse, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { COST_ARGUMENTS, COST_LIMIT, operationCost, type Cost } from '@leaseboard/schema/cost';
import type { Context } from '@leaseboard/schema/context';
import { perDocument } from './per-document.ts';

/** A document longer than this many tokens is refused by the parser, before any other work. */
export const MAX_TOKENS = 5_000;
/** Brackets, braces and parentheses inside each other: graphql-js parses recursively and would overflow its stack. */
export const MAX_NESTING = 100;
/** Aliased fields in one document. */
export const MAX_ALIASES = 30;

export interface CostExtension {
  requestedQueryCost: number;
  maximumAvailable: number;
}

/** The cost the request was charged, for the rate limiter (set before execution). */
const costs = new WeakMap<object, number>();
export function chargedCost(ctx: object): number {
  return costs.get(ctx) ?? 0;
}

/**
 * Limits what one request may cost, before it runs: tokens (parser), aliases, depth, breadth and the
 * cost in points (schema/cost.ts). A refusal is one error that names the limit and the cost; every
 * answer reports its cost in `extensions.cost`.
 */
export function costLimit(): Plugin<Context> {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        const text = typeof source === 'string' ? source : source.body;
        if (nestingDepth(text) > MAX_NESTING) throw new GraphQLError(`Syntax Error: Document is nested more than ${MAX_NESTING} levels deep.`);
        return parse(source, { ...options, maxTokens: MAX_TOKENS });
      });
    },
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as Context;
      const aliases = countAliases(args.document);
      if (aliases > MAX_ALIASES) {
        setResultAndStopExecution({ errors: [refusal(`This request uses ${aliases} aliases; the limit is ${MAX_ALIASES}.`, { aliases, maxAliases: MAX_ALIASES })] });
        return;
      }
      let cost: Cost;
      try {
        cost = costOf(args.schema, args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>, ctx);
      } catch {
        return; // Bad variables or an unknown operation: execution reports it.
      }
      costs.set(ctx, cost.complexity);
      const extension: CostExtension = { requestedQueryCost: cost.complexity, maximumAvailable: COST_LIMIT.complexity };
      const over = cost.depth > COST_LIMIT.depth
        ? `This request is ${cost.depth} levels deep; the limit is ${COST_LIMIT.depth}.`
        : cost.breadth > COST_LIMIT.breadth
          ? `This request selects ${cost.breadth} fields; the limit is ${COST_LIMIT.breadth}.`
          : cost.complexity > COST_LIMIT.complexity
            ? `This request costs ${cost.complexity} points; the limit is ${COST_LIMIT.complexity}.`
            : null;
      if (over) {
        setResultAndStopExecution({
          errors: [refusal(over, { cost: cost.complexity, maxCost: COST_LIMIT.complexity, depth: cost.depth, maxDepth: COST_LIMIT.depth, breadth: cost.breadth, maxBreadth: COST_LIMIT.breadth })],
          extensions: { cost: extension },
        });
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result) && !('errors' in result)) return; // a stream: nothing to annotate
          setResult({ ...result, extensions: { ...result.extensions, cost: { ...extension, ...(result.extensions?.['cost'] as object | undefined) } } });
        },
      };
    },
  };
}

/** Costs remembered per document, for this many sets of the values its cost depends on. */
const REMEMBERED_PER_DOCUMENT = 32;
const remembered = new WeakMap<DocumentNode, Map<string, Cost>>();

/**
 * operationCost, remembered per document and per the values of the variables it depends on (costVariables):
 * a request that repeats a known document with other search terms costs no walk of it.
 */
function costOf(...[schema, document, operationName, variables, ctx]: Parameters<typeof operationCost>): Cost {
  // A variable left out (its default applies) is told apart from one sent as null.
  const key = JSON.stringify([operationName ?? null, ...costVariables(document).map((name) => (name in variables ? variables[name] : { unset: true }))]);
  let known = remembered.get(document);
  if (!known) remembered.set(document, (known = new Map()));
  const cost = known.get(key) ?? operationCost(schema, document, operationName, variables, ctx);
  if (known.size < REMEMBERED_PER_DOCUMENT) known.set(key, cost);
  return cost;
}

const DEPENDS_ON = new Set<string>(COST_ARGUMENTS);

/** The variables passed to the arguments a cost depends on, sorted by name (the cost counts @skip and @include fields too). */
const costVariables = perDocument(function costVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    [Kind.ARGUMENT]: (node) => {
      if (!DEPENDS_ON.has(node.name.value)) return;
      visit(node.value, { [Kind.VARIABLE]: (variable) => void names.add(variable.name.value) });
    },
  });
  return [...names].sort();
});

function refusal(message: string, detail: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_EXPENSIVE', ...detail } });
}

const countAliases = perDocument(function aliasesIn(document: DocumentNode): number {
  let count = 0;
  visit(document, {
    [Kind.FIELD]: (node) => {
      if (node.alias) count += 1;
    },
  });
  return count;
});

/** The deepest nesting of { ( [ outside strings and comments, scanned without parsing. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '"') {
      if (text.startsWith('"""', i)) {
        const end = text.indexOf('"""', i + 3);
        i = end < 0 ? text.length : end + 2;
      } else {
        for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      }
    } else if (c === '{' || c === '(' || c === '[') {
      deepest = Math.max(deepest, ++depth);
    } else if (c === '}' || c === ')' || c === ']') {
      depth--;
    }
  }
  return deepest;
}
