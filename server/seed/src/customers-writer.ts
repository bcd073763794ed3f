import type pg from 'pg';
import { BulkInsert, iso } from './bulk-insert.ts';
import { DAY_MS, MINUTE_MS } from './lease-plan.ts';
import { customerCreatedMs, type Timeline } from './timeline.ts';
import { customerProfile } from './people.ts';
import { ascendingUniforms, type Random } from './random.ts';

/**
 * Every customer's partner and creation time, in creation order (ids ascend with time); names and emails
 * are rebuilt from (seed, number) when needed, so this stays a few bytes per customer.
 */
export class CustomerBook {
  readonly firstId: number;
  readonly partnerOf: Uint16Array;
  readonly createdMs: Float64Array;
  /** For each partner, its customers' numbers in creation order. */
  readonly byPartner: Int32Array[];
  readonly #eligible: number[];
  readonly #nextNew: number[];

  constructor(firstId: number, partnerOf: Uint16Array, createdMs: Float64Array, partnerCount: number) {
    this.firstId = firstId;
    this.partnerOf = partnerOf;
    this.createdMs = createdMs;
    const sizes = new Array<number>(partnerCount).fill(0);
    for (const partner of partnerOf) sizes[partner]!++;
    this.byPartner = sizes.map((size) => new Int32Array(size));
    const filled = new Array<number>(partnerCount).fill(0);
    partnerOf.forEach((partner, number) => {
      this.byPartner[partner]![filled[partner]!++] = number;
    });
    this.#eligible = new Array<number>(partnerCount).fill(0);
    this.#nextNew = new Array<number>(partnerCount).fill(0);
  }

  get count(): number {
    return this.partnerOf.length;
  }

  /**
   * A customer of the partner that existed at `atMs` (calls must come in ascending time): mostly the
   * next customer without a lease yet, otherwise any earlier one.
   */
  customerFor(random: Random, partner: number, atMs: number): number {
    const customers = this.byPartner[partner]!;
    let eligible = this.#eligible[partner]!;
    while (eligible < customers.length && this.createdMs[customers[eligible]!]! <= atMs) eligible++;
    this.#eligible[partner] = eligible;
    if (eligible === 0) throw new Error(`Partner #${partner} has no customer before ${iso(atMs)}`);
    const next = this.#nextNew[partner]!;
    if (next < eligible && random.chance(0.65)) {
      this.#nextNew[partner] = next + 1;
      return customers[next]!;
    }
    return customers[random.int(0, eligible - 1)]!;
  }
}

/**
 * Draws the customers (the first of each partner before the history window, so every partner can lease
 * from the first day) and inserts them in batches.
 */
export async function insertCustomers(
  client: pg.ClientBase,
  options: {
    random: Random;
    seed: number;
    count: number;
    firstId: number;
    partnerIds: readonly number[];
    partnerWeights: readonly number[];
    timeline: Timeline;
    batchSize: number;
  },
): Promise<CustomerBook> {
  const { random, seed, count, firstId, partnerIds, partnerWeights, timeline, batchSize } = options;
  const partnerOf = new Uint16Array(count);
  const createdMs = new Float64Array(count);
  const rows = new BulkInsert('Customer', [
    { name: 'id', type: 'int4' },
    { name: 'partnerId', type: 'int4' },
    { name: 'email', type: 'text' },
    { name: 'emailNorm', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'company', type: 'text' },
    { name: 'createdAt', type: 'timestamptz' },
  ]);
  let inFlight: Promise<unknown> = Promise.resolve();
  let number = 0;
  for (const fraction of ascendingUniforms(random, count)) {
    const partner = number < partnerIds.length ? number : random.weighted(partnerWeights);
    let created = Math.floor(customerCreatedMs(timeline, fraction) / MINUTE_MS) * MINUTE_MS;
    if (number < partnerIds.length) created = Math.min(created, timeline.startMs - DAY_MS);
    partnerOf[number] = partner;
    createdMs[number] = created;
    const profile = customerProfile(seed, number);
    rows.push(firstId + number, partnerIds[partner], profile.email, profile.email.toLowerCase(), profile.name, profile.company, iso(created));
    number++;
    if (rows.pending >= batchSize) {
      await inFlight;
      inFlight = rows.flush(client);
      inFlight.catch(() => {});
    }
  }
  await inFlight;
  await rows.flush(client);
  return new CustomerBook(firstId, partnerOf, createdMs, partnerIds.length);
}
