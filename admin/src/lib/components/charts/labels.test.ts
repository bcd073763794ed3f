import { describe, expect, it } from 'vitest';
import { wrapLabel } from './labels.ts';

describe('wrapLabel', () => {
  describe('when the label fits', () => {
    it('returns it as one line', () => {
      expect(wrapLabel('SmarterMail Free')).toEqual(['SmarterMail Free']);
    });
  });

  describe('when the label is longer than the width', () => {
    it('returns lines broken between words, every word whole', () => {
      const lines = wrapLabel('SmarterMail Professional Unlimited mailboxes', 24);
      expect(lines).toEqual(['SmarterMail Professional', 'Unlimited mailboxes']);
      expect(lines.join(' ')).toBe('SmarterMail Professional Unlimited mailboxes');
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(24);
    });
  });

  describe('when one word is longer than the width', () => {
    it('returns that word whole on a line of its own', () => {
      expect(wrapLabel('Add-on SmarterMailProfessionalUnlimited x', 10)).toEqual(['Add-on', 'SmarterMailProfessionalUnlimited', 'x']);
    });
  });
});
