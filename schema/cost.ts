import { complexityFromQuery, type FieldComplexityValue } from '@pothos/plugin-complexity';
import {
  getNamedType,
  GraphQLList,
  GraphQLNonNull,
  isInterfaceType,
  isLeafType,
  isObjectType,
  Kind,
  type DocumentNode,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/**
 * What one request may cost, in points that approximate the rows and objects it makes the server load
 * (as Shopify counts): a scalar or enum field 0, an object 1, a connection 2 plus its page size (`first`
 * or `last`, else its default) times what one node costs, a plain list of objects 1 plus its expected length
 * (LIST_LENGTHS, else 10) times (1 + one item), and an expensive resolver its weight (WEIGHTS) on top.
 */
export const COST_LIMIT = { complexity: 5_000, depth: 14, breadth: 300 } as const;

/** At most this many IDs in `nodes(ids:)`. */
export const MAX_NODE_IDS = 100;

/** Resolvers whose work is not the rows they return: their own weight, added once per selection. */
const WEIGHTS: Record<string, number> = {
  // Prices every active lease of the partner for the current month.
  'Query.billingPreview': 1_000,
  'InvoiceReport.currentMonth': 1_000,
  // Aggregates over the report rollups or every lease of the partner.
  'Reports.activeLeases': 50,
  'Reports.idleLeases': 50,
  'Reports.invoiceTotals': 50,
  'Reports.leaseFlow': 50,
  'Reports.spendByProduct': 50,
  'Reports.topCustomers': 50,
  'Query.invoiceHistory': 20,
};

/** Unpaged lists whose length is not small: the number of items the cost assumes. */
const LIST_LENGTHS: Record<string, number> = {
  // The preview prices every active lease: hundreds for a large partner (and carries its own weight).
  'BillingPreview.leases': 250,
  // One lease's lines on one invoice: a line per component and price, a few more after a mid-month change.
  'InvoiceLease.lines': 5,
  'LeaseBillingPreview.lines': 3,
};

const DEFAULT_LIST_LENGTH = 10;
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

/**
 * The only arguments a cost depends on (fieldCost reads no other, and not the context; @skip and @include
 * do not count): with the document, the values passed to them make its cost, which the API remembers by them.
 */
export const COST_ARGUMENTS = ['first', 'last', 'ids'] as const;

/** The builder's fieldComplexity: applied to every field that declares none of its own. */
export function fieldCost(args: Record<(typeof COST_ARGUMENTS)[number], unknown>, _ctx: unknown, field: GraphQLField<unknown, never>): FieldComplexityValue {
  const key = `${ownerOf(field)}.${field.name}`;
  const weight = WEIGHTS[key] ?? 0;
  if (field.name === 'nodes' && Array.isArray(args['ids'])) return { field: 1 + weight, multiplier: args['ids'].length };
  if (isConnection(field)) {
    const size = pageSize(args['first']) ?? pageSize(args['last']) ?? DEFAULT_PAGE_SIZE;
    return { field: 2 + weight, multiplier: size };
  }
  if (field.name === 'edges' && isList(field.type)) return { field: 0, multiplier: 1 };
  if (isList(field.type)) {
    if (isLeafType(getNamedType(field.type))) return weight;
    const length = LIST_LENGTHS[key] ?? DEFAULT_LIST_LENGTH;
    return { field: 1 + length + weight, multiplier: length };
  }
  if (isLeafType(getNamedType(field.type))) return weight;
  return 1 + weight;
}

export interface Cost {
  complexity: number;
  depth: number;
  breadth: number;
}

/** The cost of the operation a request runs (the named one, or the only one). */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, ctx: object): Cost {
  const chosen = document.definitions.filter(
    (d) => d.kind === Kind.FRAGMENT_DEFINITION || (d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName)),
  );
  indexOwners(schema);
  return complexityFromQuery({ ...document, definitions: chosen }, { schema, variables, ctx });
}

const owners = new WeakMap<object, string>();
const indexed = new WeakSet<GraphQLSchema>();

/** Remembers each field's type name: graphql-js fields do not know the type they belong to. */
function indexOwners(schema: GraphQLSchema): void {
  if (indexed.has(schema)) return;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) owners.set(field, type.name);
  }
  indexed.add(schema);
}

function ownerOf(field: GraphQLField<unknown, never>): string {
  return owners.get(field) ?? '';
}

function isConnection(field: GraphQLField<unknown, never>): boolean {
  return field.args.some((a) => a.name === 'first') && field.args.some((a) => a.name === 'after');
}

function isList(type: GraphQLOutputType): boolean {
  return type instanceof GraphQLList || (type instanceof GraphQLNonNull && type.ofType instanceof GraphQLList);
}

function pageSize(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value), 0), MAX_PAGE_SIZE) : null;
}
