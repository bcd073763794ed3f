import { builder } from '../builder.ts';

/** The namespace every report hangs off: `query { reports { … } }`, readable with reports:read. */
export const ReportsRef = builder.objectRef<Record<string, never>>('Reports').implement({
  description:
    'Partnership reports over your leases and invoices (vendor staff: every partner). Money is at the prices in force now unless it says otherwise.',
});

builder.queryField('reports', (t) =>
  t.field({
    type: ReportsRef,
    authScopes: { scope: 'reports:read' },
    resolve: () => ({}),
  }),
);
