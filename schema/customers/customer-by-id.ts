import type { CustomerModel as Customer } from '@leaseboard/db';
import type { Context } from '../context.ts';
import { referenced, rowsById } from '../loaders.ts';

const known = new WeakMap<Context, Map<number, Customer>>();

/** Customers this request already read whole (with a page of leases): customerOf answers them at once. */
export function rememberCustomers(ctx: Context, customers: Iterable<Customer>): void {
  let byId = known.get(ctx);
  if (!byId) known.set(ctx, (byId = new Map()));
  for (const customer of customers) byId.set(customer.id, customer);
}

/** A customer by id: one the request already read, or else through a DataLoader. */
export function customerOf(ctx: Context, id: number): Customer | Promise<Customer> {
  return known.get(ctx)?.get(id) ?? referenced(rowsById(ctx, 'customerById', (ids) => ctx.db.customer.findMany({ where: { id: { in: ids } } })).load(id), `customer ${id}`);
}
