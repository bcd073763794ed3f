import type { Db } from '@leaseboard/db';

/** The client inside db.$transaction: what use cases write through. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
