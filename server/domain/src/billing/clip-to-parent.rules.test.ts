import { describe, expect, it } from 'vitest';
import { clipToParent } from './clip-to-parent.rules.ts';

const addOn = (from: string, to: string | null) => ({ from, to, sku: 'ADDON', priceCents: 3000, addOnId: 9 });
const span = (from: string, to: string | null) => ({ from, to });
const iso = (pieces: { from: Date; to: Date | null }[]) =>
  pieces.map(({ from, to }) => [from.toISOString(), to?.toISOString() ?? null]);

describe('clipToParent', () => {
  describe('when the child lies inside the parent', () => {
    it('returns the child unchanged, as Dates', () => {
      const clipped = clipToParent([addOn('2025-01-20T11:00:00Z', null)], [span('2024-12-01T00:00:00Z', null)]);
      expect(clipped).toEqual([
        { from: new Date('2025-01-20T11:00:00Z'), to: null, sku: 'ADDON', priceCents: 3000, addOnId: 9 },
      ]);
    });
  });

  describe('when the child starts before the parent', () => {
    it('returns the child starting with the parent', () => {
      const clipped = clipToParent([addOn('2025-01-01T00:00:00Z', null)], [span('2025-01-10T08:00:00Z', null)]);
      expect(iso(clipped)).toEqual([['2025-01-10T08:00:00.000Z', null]]);
    });
  });

  describe('when the parent stops and the child is open', () => {
    it('returns the child stopping with the parent', () => {
      const clipped = clipToParent([addOn('2025-01-20T11:00:00Z', null)], [span('2024-12-01T00:00:00Z', '2025-01-25T14:00:00Z')]);
      expect(iso(clipped)).toEqual([['2025-01-20T11:00:00.000Z', '2025-01-25T14:00:00.000Z']]);
    });
  });

  describe('when the parent stops and restarts while the child runs', () => {
    it('returns one piece per stretch the parent is active, each keeping the metadata', () => {
      const clipped = clipToParent(
        [addOn('2025-01-01T00:00:00Z', null)],
        [span('2024-12-01T00:00:00Z', '2025-01-05T12:00:00Z'), span('2025-01-20T00:00:00Z', null)],
      );
      expect(iso(clipped)).toEqual([
        ['2025-01-01T00:00:00.000Z', '2025-01-05T12:00:00.000Z'],
        ['2025-01-20T00:00:00.000Z', null],
      ]);
      expect(clipped.map((piece) => piece.addOnId)).toEqual([9, 9]);
    });
  });

  describe('when the parent changes configuration (touching or overlapping segments)', () => {
    it('returns the child in one piece', () => {
      const clipped = clipToParent(
        [addOn('2025-01-03T00:00:00Z', '2025-01-28T00:00:00Z')],
        [
          span('2025-01-15T12:00:00Z', null),
          span('2024-12-01T00:00:00Z', '2025-01-15T12:00:00Z'),
          span('2025-01-10T00:00:00Z', '2025-01-16T00:00:00Z'),
        ],
      );
      expect(iso(clipped)).toEqual([['2025-01-03T00:00:00.000Z', '2025-01-28T00:00:00.000Z']]);
    });
  });

  describe('when the child lies wholly outside the parent', () => {
    it('returns no segments', () => {
      expect(
        clipToParent([addOn('2025-01-20T00:00:00Z', null)], [span('2024-12-01T00:00:00Z', '2025-01-20T00:00:00Z')]),
      ).toEqual([]);
    });
  });

  describe('when the parent has no segments', () => {
    it('returns no segments', () => {
      expect(clipToParent([addOn('2025-01-20T00:00:00Z', null)], [])).toEqual([]);
    });
  });

  describe('when the child is zero-length or the parent only has zero-length segments', () => {
    it('returns no segments', () => {
      const instant = '2025-01-20T00:00:00Z';
      expect(clipToParent([addOn(instant, instant)], [span('2024-12-01T00:00:00Z', null)])).toEqual([]);
      expect(clipToParent([addOn('2024-12-01T00:00:00Z', null)], [span(instant, instant)])).toEqual([]);
    });
  });

  describe('when a child segment ends before it starts', () => {
    it('throws SEGMENT_ENDS_BEFORE_START at its path', () => {
      expect(() =>
        clipToParent([addOn('2025-01-20T00:00:00Z', '2025-01-19T00:00:00Z')], [span('2024-12-01T00:00:00Z', null)]),
      ).toThrow(expect.objectContaining({ code: 'SEGMENT_ENDS_BEFORE_START', path: 'childSegments[0].to' }));
    });
  });

  describe('when a parent instant is not ISO 8601', () => {
    it('throws INVALID_INSTANT at its path', () => {
      expect(() => clipToParent([addOn('2025-01-20T00:00:00Z', null)], [span('yesterday', null)])).toThrow(
        expect.objectContaining({ code: 'INVALID_INSTANT', path: 'parentSegments[0].from' }),
      );
    });
  });
});
