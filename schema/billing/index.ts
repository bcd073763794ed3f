import './types.ts';
import './queries.ts';
import './preview.ts';
import './mutations.ts';
import './reconciliation.ts';
