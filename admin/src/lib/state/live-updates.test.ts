import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesced } from './live-updates.svelte.ts';

describe('coalesced', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  describe('when changes keep coming', () => {
    it('runs at once, then once more per second while more came, and not again after they stop', () => {
      const run = vi.fn();
      const changed = coalesced(run, 1000);
      changed();
      expect(run).toHaveBeenCalledTimes(1);
      for (let i = 0; i < 50; i++) changed();
      expect(run).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(1000);
      expect(run).toHaveBeenCalledTimes(2);
      vi.advanceTimersByTime(5000);
      expect(run).toHaveBeenCalledTimes(2);
      changed();
      expect(run).toHaveBeenCalledTimes(3);
    });
  });
});
