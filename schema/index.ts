import { builder } from './builder.ts';
import './scalars.ts';
import './catalog/types.ts';
import './accounts/viewer.ts';
import './customers/types.ts';
import './leases/types.ts';
import './leases/queries.ts';
import './leases/mutations.ts';
import './outbox/types.ts';

export const schema = builder.toSchema({ sortSchema: false });
