import { describe, expect, it } from 'vitest';
import { LeaseSelection } from './lease-selection.svelte.ts';

describe('LeaseSelection', () => {
  it('ticks and unticks leases, a page at a time too', () => {
    const s = new LeaseSelection();
    s.set(5, true);
    s.setAll([7, 8, 5], true);
    expect(s.numbers.sort()).toEqual([5, 7, 8]);
    expect(s.hasAll([5, 7, 8])).toBe(true);
    s.set(7, false);
    expect(s.hasAll([5, 7, 8])).toBe(false);
    expect(s.hasSome([7, 8])).toBe(true);
    expect(s.count).toBe(2);
  });

  describe('when every matching lease is selected', () => {
    it('counts every lease as ticked until one is unticked, which leaves the ticked ones but that one', () => {
      const s = new LeaseSelection();
      s.setAll([1, 2, 3], true);
      s.selectAllMatching();
      expect(s.has(99)).toBe(true);
      s.set(2, false);
      expect(s.allMatching).toBe(false);
      expect(s.numbers.sort()).toEqual([1, 3]);
      expect(s.has(99)).toBe(false);
    });

    it('starts over when cleared (a new search)', () => {
      const s = new LeaseSelection();
      s.setAll([1, 2], true);
      s.selectAllMatching();
      s.clear();
      expect([s.count, s.allMatching]).toEqual([0, false]);
    });
  });
});
