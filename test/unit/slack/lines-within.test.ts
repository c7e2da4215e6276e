import { describe, expect, it } from 'vitest';
import { linesWithin } from '../../../src/slack/blocks/text.js';

describe('linesWithin', () => {
  it('keeps whole lines within the budget and says how many were left out, counting those never loaded', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `• Ad account *${'x'.repeat(90)}${i}*`);
    const text = linesWithin(lines, 2_900, 12);
    expect(text.length).toBeLessThanOrEqual(2_900);
    const shown = text.split('\n').filter((line) => line.startsWith('• Ad account'));
    expect(shown.length).toBeGreaterThan(20);
    expect(text.split('\n').at(-1)).toBe(`…and ${40 - shown.length + 12} more`);
  });

  it('adds nothing when everything fits', () => {
    expect(linesWithin(['a', 'b'], 3_000)).toBe('a\nb');
    expect(linesWithin(['a'], 3_000, 2, (n) => `• …and ${n} more`)).toBe('a\n• …and 2 more');
  });
});
