import { describe, expect, it } from 'vitest';
import { inviteFigures, inviteOutcome, readInviteFigures } from '../../../src/domain/task-outcomes.js';

const rows = (...list: Array<[status: string, note?: string]>) => list.map(([status, note]) => ({ status, note: note ?? null }));

describe('what an invitation task did, with its figures', () => {
  it('counts how the invitations settled and why the duplicates were not sent', () => {
    expect(inviteFigures(rows(['invited'], ['invited'], ['invited'], ['duplicate', 'member']))).toEqual({ invited: 3, duplicate: 1, failed: 0, cancelled: 0, alreadyMember: 1, alreadyInvited: 0 });
  });

  it('says "Invited 3 of 4; 1 was already a member", and agrees numbers with nouns', () => {
    expect(inviteOutcome(inviteFigures(rows(['invited'], ['invited'], ['invited'], ['duplicate', 'member'])))).toBe('Invited 3 of 4; 1 was already a member');
    expect(inviteOutcome(inviteFigures(rows(['invited'], ['invited'])))).toBe('Invited 2 people');
    expect(inviteOutcome(inviteFigures(rows(['invited'])), ' to Acme')).toBe('Invited 1 person to Acme');
    expect(inviteOutcome(inviteFigures(rows(['duplicate', 'member'], ['duplicate', 'member'], ['duplicate', 'in_flight'], ['failed'], ['cancelled', 'left_group']))))
      .toBe('Invited 0 of 5; 2 were already members, 1 was already invited, 1 was cancelled before it was sent, 1 failed');
  });

  it('reads an older stored result that did not split the duplicates', () => {
    const old = readInviteFigures({ invited: 1, duplicate: 2, failed: 0, cancelled: 0 });
    expect(inviteOutcome(old!)).toBe('Invited 1 of 3; 2 were already there');
    expect(readInviteFigures(null)).toBeUndefined();
  });
});
