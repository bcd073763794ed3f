import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { LeaseColumn } from '@leaseboard/domain/leases/search-leases';

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

/**
 * The lease columns the leases connection's nodes (`edges { node { … } }`, through aliases and fragments)
 * read, or undefined (every column) when a field is not in COLUMNS_OF_FIELD: a field added to the type
 * reads the whole row until it is listed here.
 */
export function leaseColumnsOf(info: GraphQLResolveInfo): LeaseColumn[] | undefined {
  const columns = new Set<LeaseColumn>();
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
  for (const field of nodes.flatMap((node) => fieldsOf(node.selectionSet))) {
    const read = COLUMNS_OF_FIELD[field.name.value];
    if (!read) return undefined;
    for (const column of read) columns.add(column);
  }
  return [...columns];
}
