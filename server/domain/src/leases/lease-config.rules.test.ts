import type { Edition } from '@leaseboard/db';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AddOnFacts, checkAddOnsFit, editionName, planModification, type ProductFacts } from './lease-config.rules.ts';

const MAIL = 1;
const STATS = 2;

const product = (id: number, edition: Edition, overrides: Partial<ProductFacts> = {}): ProductFacts => ({
  id,
  productTypeId: MAIL,
  edition,
  active: true,
  name: `Product ${id}`,
  ...overrides,
});

const PRO = product(10, 'PROFESSIONAL');
const ENT = product(11, 'ENTERPRISE');
const RETIRED = product(12, 'ENTERPRISE', { active: false });
const STATS_PRO = product(20, 'PROFESSIONAL', { productTypeId: STATS });

const addOn = (id: number, name: string, editions: Edition[], overrides: Partial<AddOnFacts> = {}): AddOnFacts => ({
  id,
  productTypeId: MAIL,
  editions,
  active: true,
  name,
  ...overrides,
});

/** Antispam for both editions, ActiveSync for Enterprise only, a retired add-on and one of another product type. */
const ANTISPAM = addOn(1, 'Antispam', ['PROFESSIONAL', 'ENTERPRISE']);
const ACTIVESYNC = addOn(2, 'ActiveSync', ['ENTERPRISE']);
const OLD_ARCHIVE = addOn(3, 'Old Archive', ['PROFESSIONAL', 'ENTERPRISE'], { active: false });
const STATS_EXTRA = addOn(4, 'Stats Extra', ['PROFESSIONAL', 'ENTERPRISE'], { productTypeId: STATS });
const CATALOG = new Map([ANTISPAM, ACTIVESYNC, OLD_ARCHIVE, STATS_EXTRA].map((a) => [a.id, a]));
const UNKNOWN = 99;

describe('checkAddOnsFit', () => {
  describe('when every add-on exists, is active, is of the product type and allows the edition', () => {
    it('returns no errors', () => {
      expect(checkAddOnsFit(ENT, [ANTISPAM.id, ACTIVESYNC.id], CATALOG, ['addOnIds'])).toEqual([]);
      expect(checkAddOnsFit(PRO, [], CATALOG, ['addOnIds'])).toEqual([]);
    });
  });

  describe.each([
    ['it does not exist', PRO, [UNKNOWN], { code: 'ADDON_NOT_FOUND', message: 'No such add-on.', field: ['addOnIds', '0'] }],
    ['it is retired', PRO, [OLD_ARCHIVE.id], { code: 'ADDON_NOT_FOUND', message: 'No such add-on.', field: ['addOnIds', '0'] }],
    [
      'it belongs to another product type',
      PRO,
      [STATS_EXTRA.id],
      { code: 'ADDON_WRONG_PRODUCT_TYPE', message: 'Stats Extra is not an add-on of this product.', field: ['addOnIds', '0'] },
    ],
    [
      'the edition does not allow it',
      PRO,
      [ANTISPAM.id, ACTIVESYNC.id],
      { code: 'ADDON_EDITION_NOT_ALLOWED', message: 'ActiveSync requires the Enterprise edition.', field: ['addOnIds', '1'] },
    ],
    ['it is listed twice', ENT, [ACTIVESYNC.id, ACTIVESYNC.id], { code: 'DUPLICATE_ADDON', message: 'The same add-on is listed twice.', field: ['addOnIds', '1'] }],
  ] as const)('when %s', (_case, target, ids, error) => {
    it(`returns ${error.code} at the add-on's index`, () => {
      expect(checkAddOnsFit(target, ids, CATALOG, ['addOnIds'])).toEqual([error]);
    });
  });

  describe('when several add-ons are at fault', () => {
    it('returns one error each, in the order given, under the field passed in', () => {
      expect(checkAddOnsFit(PRO, [UNKNOWN, ANTISPAM.id, ACTIVESYNC.id, UNKNOWN], CATALOG, ['input', 'addOnIds']).map((e) => [e.code, e.field])).toEqual([
        ['ADDON_NOT_FOUND', ['input', 'addOnIds', '0']],
        ['ADDON_EDITION_NOT_ALLOWED', ['input', 'addOnIds', '2']],
        ['DUPLICATE_ADDON', ['input', 'addOnIds', '3']],
        ['ADDON_NOT_FOUND', ['input', 'addOnIds', '3']],
      ]);
    });
  });

  describe('when an add-on is for the other edition only', () => {
    it('names the edition it requires', () => {
      const legacy = addOn(5, 'Legacy', ['PROFESSIONAL']);
      expect(checkAddOnsFit(ENT, [legacy.id], new Map([[legacy.id, legacy]]), ['addOnIds'])[0]?.message).toBe('Legacy requires the Professional edition.');
    });
  });
});

describe('planModification', () => {
  const lease = (target: ProductFacts, addOnIds: number[]) => ({ product: target, addOnIds });
  const request = (overrides: Partial<{ product: ProductFacts | null; addAddOnIds: number[]; removeAddOnIds: number[] }>) => ({
    product: null,
    addAddOnIds: [],
    removeAddOnIds: [],
    ...overrides,
  });

  describe('when it changes the product within its type and the add-ons', () => {
    it('returns the new configuration with the add-ons sorted', () => {
      expect(planModification(lease(PRO, [ANTISPAM.id]), request({ product: ENT, addAddOnIds: [ACTIVESYNC.id] }), CATALOG)).toEqual({
        ok: true,
        config: { productId: ENT.id, addOnIds: [ANTISPAM.id, ACTIVESYNC.id] },
        product: ENT,
      });
      expect(planModification(lease(ENT, [ACTIVESYNC.id]), request({ addAddOnIds: [ANTISPAM.id] }), CATALOG)).toMatchObject({
        ok: true,
        config: { productId: ENT.id, addOnIds: [ANTISPAM.id, ACTIVESYNC.id] },
      });
    });
  });

  describe('when a kept add-on is retired', () => {
    it('keeps it: only new add-ons must be active', () => {
      expect(planModification(lease(PRO, [OLD_ARCHIVE.id]), request({ product: ENT }), CATALOG)).toMatchObject({
        ok: true,
        config: { productId: ENT.id, addOnIds: [OLD_ARCHIVE.id] },
      });
    });
  });

  describe.each([
    ['the new product is retired', lease(PRO, []), request({ product: RETIRED }), [{ code: 'PRODUCT_INACTIVE', message: 'That product can no longer be leased.', field: ['productId'] }]],
    [
      'the new product is of another type',
      lease(PRO, []),
      request({ product: STATS_PRO }),
      [{ code: 'PRODUCT_TYPE_MISMATCH', message: 'A lease can only change to another product of the same type.', field: ['productId'] }],
    ],
    [
      'it removes an add-on the lease does not have',
      lease(ENT, [ANTISPAM.id]),
      request({ removeAddOnIds: [ANTISPAM.id, ACTIVESYNC.id] }),
      [{ code: 'ADDON_NOT_ON_LEASE', message: 'That add-on is not on this lease.', field: ['removeAddOnIds', '1'] }],
    ],
    [
      'it adds an add-on the lease already has',
      lease(ENT, [ANTISPAM.id]),
      request({ addAddOnIds: [ACTIVESYNC.id, ANTISPAM.id] }),
      [{ code: 'ADDON_ALREADY_ON_LEASE', message: 'That add-on is already on this lease.', field: ['addAddOnIds', '1'] }],
    ],
    [
      'it adds an add-on the new edition does not allow',
      lease(ENT, []),
      request({ product: PRO, addAddOnIds: [ACTIVESYNC.id] }),
      [{ code: 'ADDON_EDITION_NOT_ALLOWED', message: 'ActiveSync requires the Enterprise edition.', field: ['addAddOnIds', '0'] }],
    ],
    [
      'it moves to an edition that a kept add-on does not allow',
      lease(ENT, [ANTISPAM.id, ACTIVESYNC.id]),
      request({ product: PRO }),
      [{ code: 'ADDON_STRANDED', message: 'ActiveSync is not available in the Professional edition: remove it in the same change.', field: ['productId'] }],
    ],
    ['it changes nothing', lease(ENT, [ANTISPAM.id]), request({}), [{ code: 'NO_CHANGE', message: 'The lease already has this configuration.' }]],
    ['it names the current product and nothing else', lease(ENT, [ANTISPAM.id]), request({ product: ENT }), [{ code: 'NO_CHANGE', message: 'The lease already has this configuration.' }]],
  ] as const)('when %s', (_case, current, change, errors) => {
    it(`returns ${errors.map((e) => e.code).join(', ')}`, () => {
      expect(planModification(current, change, CATALOG)).toEqual({ ok: false, errors });
    });
  });

  describe('when the stranded add-on is removed in the same change', () => {
    it('moves to the edition', () => {
      expect(planModification(lease(ENT, [ANTISPAM.id, ACTIVESYNC.id]), request({ product: PRO, removeAddOnIds: [ACTIVESYNC.id] }), CATALOG)).toMatchObject({
        ok: true,
        config: { productId: PRO.id, addOnIds: [ANTISPAM.id] },
      });
    });
  });

  describe('when the request is wrong in several ways', () => {
    it('returns every error of the add-on lists at once, and the stranded check only after they pass', () => {
      const result = planModification(lease(ENT, [ACTIVESYNC.id]), request({ product: PRO, removeAddOnIds: [ANTISPAM.id], addAddOnIds: [UNKNOWN] }), CATALOG);
      expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['ADDON_NOT_ON_LEASE', 'ADDON_NOT_FOUND']);
    });
  });
});

describe('editionName', () => {
  it.each([
    ['PROFESSIONAL', 'Professional'],
    ['ENTERPRISE', 'Enterprise'],
  ] as const)('names %s as %s', (edition, name) => {
    expect(editionName(edition)).toBe(name);
  });
});

// Properties over generated catalogs: two product types, both editions, add-ons that may be retired or unknown.
fc.configureGlobal({ numRuns: 500 });

const editionArb = fc.constantFrom<Edition>('PROFESSIONAL', 'ENTERPRISE');
const ADD_ON_IDS = [1, 2, 3, 4, 5, 6, 7, 8];
/** Ids a request may name: the catalog's and two it does not have. */
const idArb = fc.constantFrom(...ADD_ON_IDS, 9, 10);

/** Most products and add-ons are leasable; one in four is retired. */
const mostlyArb = fc.constantFrom(true, true, true, false);

const catalogArb = fc
  .tuple(
    fc.array(
      fc.record({ productTypeId: fc.constantFrom(MAIL, STATS), editions: fc.subarray<Edition>(['PROFESSIONAL', 'ENTERPRISE'], { minLength: 1 }), active: mostlyArb }),
      { minLength: ADD_ON_IDS.length, maxLength: ADD_ON_IDS.length },
    ),
    fc.array(fc.record({ productTypeId: fc.constantFrom(MAIL, STATS), edition: editionArb, active: mostlyArb }), { minLength: 4, maxLength: 4 }),
  )
  .map(([addOnRows, productRows]) => ({
    addOns: new Map(addOnRows.map((row, i) => [ADD_ON_IDS[i]!, { id: ADD_ON_IDS[i]!, name: `Add-on ${ADD_ON_IDS[i]}`, ...row }])),
    products: productRows.map((row, i) => ({ id: 100 + i, name: `Product ${i}`, ...row })),
  }));

/** A catalog, a lease on one of its products with add-ons it allowed when they were added, and a change to it. */
const scenarioArb = catalogArb.chain((catalog) =>
  fc
    .record({
      current: fc.constantFrom(...catalog.products),
      picked: fc.subarray(ADD_ON_IDS),
      product: fc.option(fc.constantFrom(...catalog.products), { nil: null }),
      addAddOnIds: fc.array(idArb, { maxLength: 4 }),
      removeAddOnIds: fc.array(idArb, { maxLength: 4 }),
    })
    .map(({ current, picked, ...change }) => ({
      catalog,
      lease: {
        product: current,
        addOnIds: picked.filter((id) => {
          const a = catalog.addOns.get(id)!;
          return a.productTypeId === current.productTypeId && a.editions.includes(current.edition);
        }),
      },
      change,
    })),
);

/** A change a person would plausibly ask for: a product of the same type, add-ons off the lease and of its type on. */
const plausibleArb = scenarioArb.chain(({ catalog, lease }) => {
  const sameType = catalog.products.filter((p) => p.productTypeId === lease.product.productTypeId);
  const addable = ADD_ON_IDS.filter((id) => !lease.addOnIds.includes(id) && catalog.addOns.get(id)!.productTypeId === lease.product.productTypeId);
  return fc
    .record({
      product: fc.option(fc.constantFrom(...sameType), { nil: null }),
      addAddOnIds: fc.subarray(addable),
      removeAddOnIds: fc.subarray(lease.addOnIds),
    })
    .map((change) => ({ catalog, lease, change }));
});

const fits = (target: ProductFacts, ids: readonly number[], addOns: ReadonlyMap<number, AddOnFacts>) =>
  ids.every((id, i) => {
    const a = addOns.get(id);
    return ids.indexOf(id) === i && a !== undefined && a.active && a.productTypeId === target.productTypeId && a.editions.includes(target.edition);
  });

describe('checkAddOnsFit, for any catalog and list', () => {
  it('returns no errors exactly when every add-on is distinct, known, active, of the product type and allowed in its edition', () => {
    fc.assert(
      fc.property(catalogArb, fc.nat(3), fc.array(idArb, { maxLength: 6 }), (catalog, p, ids) => {
        const target = catalog.products[p]!;
        const errors = checkAddOnsFit(target, ids, catalog.addOns, ['addOnIds']);
        expect(errors.length === 0).toBe(fits(target, ids, catalog.addOns));
        for (const error of errors) expect(Number(error.field?.[1])).toBeLessThan(ids.length);
      }),
    );
  });
});

describe('planModification, for any lease and change', () => {
  it('when it succeeds, returns a different, sorted, distinct configuration of the product type, each add-on allowed in the new edition', () => {
    let succeeded = 0;
    fc.assert(
      fc.property(plausibleArb, ({ catalog, lease, change }) => {
        const result = planModification(lease, change, catalog.addOns);
        if (!result.ok) return;
        succeeded += 1;
        const removed = new Set(change.removeAddOnIds);
        const expected = [...new Set([...lease.addOnIds.filter((id) => !removed.has(id)), ...change.addAddOnIds])].sort((a, b) => a - b);
        expect(result.config.addOnIds).toEqual(expected);
        expect(new Set(result.config.addOnIds).size).toBe(result.config.addOnIds.length);
        expect(result.product).toBe(change.product ?? lease.product);
        expect(result.product.productTypeId).toBe(lease.product.productTypeId);
        expect(result.product.id === lease.product.id && expected.join() === [...lease.addOnIds].sort((a, b) => a - b).join()).toBe(false);
        for (const id of result.config.addOnIds) {
          const a = catalog.addOns.get(id)!;
          expect(a.productTypeId).toBe(result.product.productTypeId);
          expect(a.editions).toContain(result.product.edition);
        }
      }),
    );
    expect(succeeded).toBeGreaterThan(50); // Held for many successes, not vacuously: about 145 of 500 succeed (sd ≈ 10).
  });

  it('when it refuses, returns at least one error, each pointing into the request (or at nothing, for NO_CHANGE)', () => {
    fc.assert(
      fc.property(fc.oneof(scenarioArb, plausibleArb), ({ catalog, lease, change }) => {
        const result = planModification(lease, change, catalog.addOns);
        if (result.ok) return;
        expect(result.errors.length).toBeGreaterThan(0);
        for (const error of result.errors) {
          const [list, index] = error.field ?? [];
          if (error.code === 'NO_CHANGE') expect(error.field).toBeUndefined();
          else if (list === 'productId') expect(index).toBeUndefined();
          else expect(Number(index)).toBeLessThan(change[list as 'addAddOnIds' | 'removeAddOnIds'].length);
        }
      }),
    );
  });

  it('can always be undone: the reverse change of a change that succeeded leads back to the lease as it was', () => {
    fc.assert(
      fc.property(plausibleArb, ({ catalog, lease, change }) => {
        // Undoing needs the old product and the removed add-ons to be leasable still.
        fc.pre(lease.product.active && lease.addOnIds.every((id) => catalog.addOns.get(id)!.active));
        const forward = planModification(lease, change, catalog.addOns);
        fc.pre(forward.ok);
        if (!forward.ok) return;
        const after = forward.config.addOnIds;
        const back = planModification(
          { product: forward.product, addOnIds: after },
          {
            product: forward.product.id === lease.product.id ? null : lease.product,
            addAddOnIds: lease.addOnIds.filter((id) => !after.includes(id)),
            removeAddOnIds: after.filter((id) => !lease.addOnIds.includes(id)),
          },
          catalog.addOns,
        );
        expect(back).toEqual({ ok: true, config: { productId: lease.product.id, addOnIds: [...lease.addOnIds].sort((a, b) => a - b) }, product: lease.product });
      }),
    );
  });
});
