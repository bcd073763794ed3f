import { getOperationAST, getVariableValues, type ExecutionArgs, type GraphQLError, type OperationDefinitionNode } from 'graphql';

export type CoercedVariables =
  | { operation: OperationDefinitionNode; coerced: Record<string, unknown>; errors?: undefined }
  | { operation: OperationDefinitionNode; coerced?: undefined; errors: readonly GraphQLError[] };

const byRequest = new WeakMap<ExecutionArgs, CoercedVariables | null>();

/**
 * The operation's variables as graphql-js coerces them (or its errors, which name what each variable
 * expects), worked out once per request: the input limits check the coerced values, and compiled execution
 * refuses bad ones with these messages. Null when the document has no such operation.
 */
export function coercedVariables(args: ExecutionArgs): CoercedVariables | null {
  if (byRequest.has(args)) return byRequest.get(args)!;
  const operation = getOperationAST(args.document, args.operationName);
  const sent = (args.variableValues ?? {}) as Record<string, unknown>;
  const result = !operation ? null : { operation, ...getVariableValues(args.schema, operation.variableDefinitions ?? [], sent, { maxErrors: 50 }) };
  byRequest.set(args, result as CoercedVariables | null);
  return result as CoercedVariables | null;
}
