/**
 * Another process than the test's: starts one lease per partner id given, in that order, on DATABASE_URL
 * through the use case, prints each lease id, then waits to be killed (or exits with --exit).
 */
import { createDb } from '@leaseboard/db';
import { startLease } from '@leaseboard/domain/leases/start-lease';
import { catalogOf, product } from '@leaseboard/domain/test/factories';

const db = createDb(process.env['DATABASE_URL']!, { max: 1 });
const sku = product(await catalogOf(db), 'SM-PRO-250');
for (const partnerId of process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number)) {
  const meta = { viewer: { kind: 'anonymous' as const, scopes: new Set<never>(), label: 'cart process' }, ip: null, requestId: `process-${process.pid}`, at: new Date() };
  const result = await startLease(db, partnerId, meta, { productId: sku.id, addOnIds: [], customer: { email: `cart-${partnerId}-${process.pid}@example.test` } });
  if (!result.ok) throw new Error(result.errors[0]!.code);
  process.stdout.write(`lease ${partnerId} ${result.value.leaseId}\n`);
}
if (process.argv.includes('--exit')) {
  await db.$disconnect();
  process.exit(0);
}
process.stdout.write('committed\n');
setInterval(() => {}, 60_000);
