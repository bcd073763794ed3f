import { builder } from './builder.ts';
import './scalars.ts';
import './catalog/types.ts';
import './accounts/viewer.ts';

export const schema = builder.toSchema({ sortSchema: false });
