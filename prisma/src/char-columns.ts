import { ColumnTypeEnum, type SqlDriverAdapter, type SqlQueryable } from '@prisma/driver-adapter-utils';
import pg from 'pg';

const CHAR_OID = 18;
const TEXT_OID = 25;

/** Which columns of a result were PostgreSQL's internal one-byte `"char"`, keyed by the result's rows. */
const charColumnsOfRows = new WeakMap<object, number[]>();

interface ResultLike {
  fields?: { dataTypeID: number }[];
  rows?: object;
}

function markCharColumns<T>(result: T): T {
  for (const r of (Array.isArray(result) ? result : [result]) as ResultLike[]) {
    const indexes: number[] = [];
    r?.fields?.forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      indexes.push(index);
    });
    if (indexes.length && r.rows) charColumnsOfRows.set(r.rows, indexes);
  }
  return result;
}

/**
 * The schema engine reads catalogue columns of type `"char"` (relkind, contype, …) and expects them
 * typed as Character. Prisma's pg adapter has no mapping for that type and refuses the query, so this
 * client hands them over as text and remembers where they were; `withCharColumns` restores the type.
 */
export class CharColumnsClient extends pg.Client {
  // pg's query() has promise and callback forms; pg.Pool uses the callback one.
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) => callback(error, error ? result : markCharColumns(result));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).then(markCharColumns) as never;
    }
    return result as never;
  }
}

function restoreCharColumns<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsOfRows.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

export function withCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  restoreCharColumns(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => restoreCharColumns(await startTransaction(isolationLevel));
  return adapter;
}
