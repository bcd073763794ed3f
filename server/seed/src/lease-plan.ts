import { Edition, LeaseAction } from '@leaseboard/db';
import type { Catalog, CatalogAddOn, CatalogProduct, ProductTypeCode } from '@leaseboard/db/catalog';
import type { Random } from './random.ts';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Who made a change: a partner user, recorded by id and by email. */
export interface Actor {
  userId: number;
  label: string;
}

export interface LeaseConfig {
  product: CatalogProduct;
  /** Ordered by id; only add-ons the product's edition allows. */
  addOns: CatalogAddOn[];
}

/**
 * One LeaseHistory entry, written as the server's lease use cases write them: STARTED has no `from`,
 * STOPPED has no `to` (its `from` is the configuration that stopped, which the lease row keeps).
 */
export type LeaseChange =
  | { version: number; action: 'STARTED'; effectiveMs: number; from: null; to: LeaseConfig; actor: Actor }
  | { version: number; action: 'MODIFIED'; effectiveMs: number; from: LeaseConfig; to: LeaseConfig; actor: Actor }
  | { version: number; action: 'STOPPED'; effectiveMs: number; from: LeaseConfig; to: null; actor: Actor };

export interface LeasePlan {
  typeCode: ProductTypeCode;
  startedMs: number;
  stoppedMs: number | null;
  changes: LeaseChange[];
  /** The configuration now (or when it stopped). */
  config: LeaseConfig;
  /** When each current add-on was last added. */
  addOnAddedMs: Map<number, number>;
}

interface TypeChoice {
  code: ProductTypeCode;
  weight: number;
  rankWeights: number[];
  products: Map<string, CatalogProduct>;
  addOns: CatalogAddOn[];
}

/** How often a new lease of each type is taken, and which tiers are popular. */
const TYPE_MIX: Record<ProductTypeCode, { weight: number; rankWeights: number[] }> = {
  SMARTERMAIL: { weight: 0.62, rankWeights: [0.34, 0.3, 0.18, 0.11, 0.07] },
  SMARTERTRACK: { weight: 0.2, rankWeights: [0.36, 0.3, 0.18, 0.1, 0.06] },
  SMARTERSTATS: { weight: 0.18, rankWeights: [0.4, 0.33, 0.18, 0.09] },
};
const ENTERPRISE_SHARE = 0.35;
/** Chance that a new lease starts with the add-on (when its edition allows it). */
const ADD_ON_UPTAKE: Record<string, number> = {
  ACTIVESYNC: 0.45,
  MAPI_EWS: 0.3,
  PREMIUM_ANTISPAM: 0.3,
  ZERO_HOUR_ANTIVIRUS: 0.25,
  MESSAGE_SNIFFER: 0.12,
};
/** Per 30 days of a lease's life: chance of one change, and of the lease stopping (capped). */
const MONTHLY_CHANGE_CHANCE = 0.05;
const MONTHLY_STOP_CHANCE = 0.02;
const MAX_STOP_CHANCE = 0.3;
const MAX_CHANGES = 4;

/** The catalog arranged for drawing leases: by product type, edition and tier rank. */
export class LeaseCatalog {
  readonly types: TypeChoice[];

  constructor(catalog: Catalog) {
    this.types = (Object.keys(TYPE_MIX) as ProductTypeCode[]).map((code) => ({
      code,
      ...TYPE_MIX[code],
      products: new Map(
        catalog.products.filter((p) => p.typeCode === code).map((p) => [`${p.edition}:${p.tierRank}`, p] as const),
      ),
      addOns: catalog.addOns.filter((a) => a.typeCode === code).sort((a, b) => a.id - b.id),
    }));
    for (const type of this.types) {
      if (type.products.size !== type.rankWeights.length * 2) {
        throw new Error(`The catalog has ${type.products.size} ${type.code} products; the seed expects ${type.rankWeights.length * 2}`);
      }
    }
  }

  product(type: TypeChoice, edition: Edition, rank: number): CatalogProduct {
    return type.products.get(`${edition}:${rank}`)!;
  }
}

function allowedAddOns(type: TypeChoice, edition: Edition): CatalogAddOn[] {
  return type.addOns.filter((addOn) => addOn.editions.includes(edition));
}

function sortedAddOns(addOns: CatalogAddOn[]): CatalogAddOn[] {
  return [...addOns].sort((a, b) => a.id - b.id);
}

/** Event instants after the start, on whole minutes, strictly increasing, none after now. */
function changeTimes(random: Random, startedMs: number, nowMs: number, count: number): number[] {
  const raw = Array.from({ length: count }, () => startedMs + random.next() * (nowMs - startedMs)).sort((a, b) => a - b);
  const times: number[] = [];
  let previous = startedMs;
  for (const value of raw) {
    const time = Math.max(Math.floor(value / MINUTE_MS) * MINUTE_MS, previous + MINUTE_MS);
    if (time > nowMs) break;
    times.push(time);
    previous = time;
  }
  return times;
}

function modify(random: Random, catalog: LeaseCatalog, type: TypeChoice, config: LeaseConfig): LeaseConfig {
  const { product, addOns } = config;
  const maxRank = type.rankWeights.length - 1;
  const addable = allowedAddOns(type, product.edition).filter((a) => !addOns.some((b) => b.id === a.id));
  const options: [string, number][] = [
    ['up', product.tierRank < maxRank ? 0.35 : 0],
    ['down', product.tierRank > 0 ? 0.15 : 0],
    ['edition', 0.15],
    ['add', addable.length ? 0.2 : 0],
    ['remove', addOns.length ? 0.15 : 0],
  ];
  const kind = options[random.weighted(options.map(([, weight]) => weight))]![0];
  switch (kind) {
    case 'up':
    case 'down': {
      const rank = product.tierRank + (kind === 'up' ? 1 : -1);
      return { product: catalog.product(type, product.edition, rank), addOns };
    }
    case 'add':
      return { product, addOns: sortedAddOns([...addOns, random.pick(addable)]) };
    case 'remove': {
      const removed = random.pick(addOns);
      return { product, addOns: addOns.filter((a) => a.id !== removed.id) };
    }
    default: {
      const edition = product.edition === Edition.ENTERPRISE ? Edition.PROFESSIONAL : Edition.ENTERPRISE;
      const allowed = allowedAddOns(type, edition);
      let kept = addOns.filter((a) => allowed.includes(a));
      const newlyAllowed = allowed.filter((a) => !kept.includes(a) && !a.editions.includes(product.edition));
      if (newlyAllowed.length && random.chance(0.3)) kept = sortedAddOns([...kept, random.pick(newlyAllowed)]);
      return { product: catalog.product(type, edition, product.tierRank), addOns: kept };
    }
  }
}

/**
 * A lease's life from its start to now: its first configuration, changes (tier up or down, edition,
 * add-ons added or removed, never an add-on its edition does not allow) and perhaps a stop.
 */
export function planLease(random: Random, catalog: LeaseCatalog, startedMs: number, nowMs: number, actors: readonly Actor[]): LeasePlan {
  const type = catalog.types[random.weighted(catalog.types.map((t) => t.weight))]!;
  const edition = random.chance(ENTERPRISE_SHARE) ? Edition.ENTERPRISE : Edition.PROFESSIONAL;
  const product = catalog.product(type, edition, random.weighted(type.rankWeights));
  const addOns = allowedAddOns(type, edition).filter((addOn) => random.chance(ADD_ON_UPTAKE[addOn.code] ?? 0.2));
  let config: LeaseConfig = { product, addOns };
  const addOnAddedMs = new Map(addOns.map((addOn) => [addOn.id, startedMs]));
  const changes: LeaseChange[] = [
    { version: 1, action: LeaseAction.STARTED, effectiveMs: startedMs, from: null, to: config, actor: random.pick(actors) },
  ];

  const months = Math.floor((nowMs - startedMs) / (30 * DAY_MS));
  let changeCount = 0;
  for (let month = 0; month < months && changeCount < MAX_CHANGES; month++) {
    if (random.chance(MONTHLY_CHANGE_CHANCE)) changeCount++;
  }
  const stops = random.chance(Math.min(MAX_STOP_CHANCE, months * MONTHLY_STOP_CHANCE));
  const times = changeTimes(random, startedMs, nowMs, changeCount + (stops ? 1 : 0));

  let stoppedMs: number | null = null;
  times.forEach((effectiveMs, index) => {
    const version = changes.length + 1;
    const actor = random.pick(actors);
    if (stops && index === times.length - 1 && times.length === changeCount + 1) {
      stoppedMs = effectiveMs;
      changes.push({ version, action: LeaseAction.STOPPED, effectiveMs, from: config, to: null, actor });
      return;
    }
    const next = modify(random, catalog, type, config);
    for (const addOn of next.addOns) if (!config.addOns.includes(addOn)) addOnAddedMs.set(addOn.id, effectiveMs);
    changes.push({ version, action: LeaseAction.MODIFIED, effectiveMs, from: config, to: next, actor });
    config = next;
  });
  for (const id of [...addOnAddedMs.keys()]) if (!config.addOns.some((a) => a.id === id)) addOnAddedMs.delete(id);
  return { typeCode: type.code, startedMs, stoppedMs, changes, config, addOnAddedMs };
}
