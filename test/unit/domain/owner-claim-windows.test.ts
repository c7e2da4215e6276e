import { describe, expect, it } from 'vitest';
import { askAgainAt, askAgainFrom, claimExpired, claimExpiresAt } from '../../../src/domain/owners.js';

const at = (iso: string) => new Date(iso);

describe('a request to become an owner expires', () => {
  it('30 days after it was made, to the millisecond', () => {
    const asked = at('2026-03-01T10:00:00Z');
    expect(claimExpiresAt(asked)).toEqual(at('2026-03-31T10:00:00Z'));
    expect(claimExpired(asked, at('2026-03-31T09:59:59.999Z'))).toBe(false);
    expect(claimExpired(asked, at('2026-03-31T10:00:00Z'))).toBe(true);
    expect(claimExpired(asked, at('2026-05-01T00:00:00Z'))).toBe(true);
  });
});

describe('asking again after a decline', () => {
  it('waits 7 days after the decline; before that it says from when', () => {
    const declined = at('2026-03-01T10:00:00Z');
    expect(askAgainFrom(declined)).toEqual(at('2026-03-08T10:00:00Z'));
    expect(askAgainAt(declined, at('2026-03-01T10:00:01Z'))).toEqual(at('2026-03-08T10:00:00Z'));
    expect(askAgainAt(declined, at('2026-03-08T09:59:59Z'))).toEqual(at('2026-03-08T10:00:00Z'));
    expect(askAgainAt(declined, at('2026-03-08T10:00:00Z'))).toBeUndefined();
  });

  it('does not wait when nothing was declined', () => {
    expect(askAgainAt(undefined, at('2026-03-01T10:00:00Z'))).toBeUndefined();
  });
});
