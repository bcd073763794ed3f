import type { CustomerModel as Customer } from '@leaseboard/db';
import type { Context } from '../context.ts';
import { loaderFor } from '../loaders.ts';

const known = new WeakMap<Context, Map<number, Customer>>();

/** Customers this request already read whole (with a page of leases): customerOf answers them at once. */
export function rememberCustomers(ctx: Context, customers: Iterable<Customer>): void {
  let byId = known.get(ctx);
  if (!byId) known.set(ctx, (byId = new Map()));
  for (const customer of customers) byId.set(customer.id, customer);
}

/**
 * A customer by id: one the request already read, or else through a DataLoader (one query for every
 * customer asked for in the same tick). Callers pass ids they read from a row the viewer may see, such as
 * a lease's customerId.
 */
export function customerOf(ctx: Context, id: number): Customer | Promise<Customer> {
  return known.get(ctx)?.get(id) ?? customers(ctx).load(id).then((row) => {
    if (!row) throw new Error(`customer ${id} is missing, yet a row refers to it`);
    return row;
  });
}

function customers(ctx: Context) {
  return loaderFor<number, Customer>(ctx, 'customerById', async (ids) => {
    const rows = await ctx.db.customer.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((row) => [row.id, row]));
  });
}
