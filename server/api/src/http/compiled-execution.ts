import { useGraphQlJit } from '@envelop/graphql-jit';
import { valueFromASTUntyped } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '@leaseboard/schema/context';
import { coercedVariables } from './coerced-variables.ts';

/**
 * Every operation runs as code compiled for its document (graphql-jit), once per document that yoga's parser
 * cache keeps: a page of 50 leases costs about a fifth less CPU than through the generic executor. The
 * variables are coerced by graphql-js first, so a bad one is refused with graphql-js's message, which names
 * what the scalar expects (graphql-jit reports only "Expected type Cents."), before anything runs.
 */
export function compiledExecution(): Plugin<Context>[] {
  // An envelop plugin: it reads nothing of the context, which yoga types apart from its own plugins.
  return [variablesCoercedFirst(), useGraphQlJit() as Plugin<Context>];
}

function variablesCoercedFirst(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = coercedVariables(args);
      const definitions = variables?.operation.variableDefinitions ?? [];
      if (!variables || !definitions.length) return;
      if (variables.errors) {
        setResultAndStopExecution({ errors: variables.errors });
        return;
      }
      const sent = (args.variableValues ?? {}) as Record<string, unknown>;
      // graphql-jit refuses a non-null variable left out even when it has a default ("was not provided"), so
      // the defaults are sent as if the client had sent them.
      const defaults = definitions.filter((definition) => definition.defaultValue && !(definition.variable.name.value in sent));
      if (defaults.length) {
        args.variableValues = { ...Object.fromEntries(defaults.map((definition) => [definition.variable.name.value, valueFromASTUntyped(definition.defaultValue!)])), ...sent };
      }
    },
  };
}
