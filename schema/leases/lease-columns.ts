import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { LeaseColumn } from '@leaseboard/domain/leases/search-leases';
import { selectsField } from '../selection.ts';

/**
 * The lease columns each field of the Lease type reads from its parent row (types.ts). The relations
 * (history, activations) are read again by Prisma with the page's ids, which only needs the id.
 */
export const COLUMNS_OF_FIELD: Readonly<Record<string, readonly LeaseColumn[]>> = {
  __typename: [],
  id: ['id'],
  leaseNumber: ['id'],
  licenseKey: ['licenseKey'],
  status: ['status'],
  startedAt: ['startedAt'],
  stoppedAt: ['stoppedAt'],
  externalRef: ['externalRef'],
  sendKeyTo: ['sendKeyTo'],
  machineName: ['serverName'],
  lastSeenAt: ['lastSeenAt'],
  version: ['version'],
  product: ['productId'],
  customer: ['customerId'],
  partner: ['partnerId'],
  addOns: ['addOnIds'],
  monthlyPriceCents: ['productId', 'addOnIds'],
  history: ['id'],
  activations: ['id'],
};

/** The Lease fields that Prisma reads apart, with the page's ids (t.relation in types.ts). */
const RELATIONS = new Set(['history', 'activations']);

/** What a request's selection of the leases connection asks of a page. */
export interface LeasePageSelection {
  /** Whether it reads totalCount or totalCountIsExact. */
  counts: boolean;
  /** The lease columns its nodes read; undefined (every column) when one of its fields is not in COLUMNS_OF_FIELD. */
  columns: LeaseColumn[] | undefined;
  /** Whether its nodes reach a Prisma relation (or a field not in COLUMNS_OF_FIELD, which might). */
  readsRelations: boolean;
}

const selections = new WeakMap<readonly FieldNode[], LeasePageSelection>();

/**
 * What the leases connection's selection asks of the page. It depends on the document alone (directives
 * are not read: a field under @skip still counts), so it is worked out once per compiled document: the
 * compiled execution (server/api/src/http/compiled-execution.ts) hands every request of a document the
 * same fieldNodes.
 */
export function leasePageSelection(info: GraphQLResolveInfo): LeasePageSelection {
  let selection = selections.get(info.fieldNodes);
  if (!selection) {
    const fields = nodeFieldsOf(info);
    const columns = columnsOf(fields);
    selection = {
      counts: selectsField(info, 'totalCount') || selectsField(info, 'totalCountIsExact'),
      columns,
      readsRelations: !columns || fields.some((field) => RELATIONS.has(field.name.value)),
    };
    selections.set(info.fieldNodes, selection);
  }
  return selection;
}

/**
 * The lease columns the connection's node fields read, or undefined (every column) when a field is not in
 * COLUMNS_OF_FIELD: a field added to the type reads the whole row until it is listed here.
 */
function columnsOf(fields: readonly FieldNode[]): LeaseColumn[] | undefined {
  const columns = new Set<LeaseColumn>();
  for (const field of fields) {
    const read = COLUMNS_OF_FIELD[field.name.value];
    if (!read) return undefined;
    for (const column of read) columns.add(column);
  }
  return [...columns];
}

/** The fields selected on the connection's nodes (`edges { node { … } }`), through aliases and fragments. */
function nodeFieldsOf(info: GraphQLResolveInfo): FieldNode[] {
  const seen = new Set<string>();
  const fieldsOf = (set: SelectionSetNode | undefined): FieldNode[] =>
    (set?.selections ?? []).flatMap((selection) => {
      if (selection.kind === 'Field') return [selection];
      if (selection.kind === 'InlineFragment') return fieldsOf(selection.selectionSet);
      const fragment = info.fragments[selection.name.value];
      if (!fragment || seen.has(fragment.name.value)) return [];
      seen.add(fragment.name.value);
      const fields = fieldsOf(fragment.selectionSet);
      seen.delete(fragment.name.value);
      return fields;
    });
  const named = (fields: FieldNode[], name: string) => fields.filter((field) => field.name.value === name);
  const nodes = named(info.fieldNodes.flatMap((field) => named(fieldsOf(field.selectionSet), 'edges')).flatMap((edges) => fieldsOf(edges.selectionSet)), 'node');
  return nodes.flatMap((node) => fieldsOf(node.selectionSet));
}
