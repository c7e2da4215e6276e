// What a finished task did, with its figures, from the result it stored: the automation log, the channel's
// result line and the task's own message say the same thing.
import type { InviteNote } from './invitations.js';
import { plural } from './wording.js';

/** An invitation task's stored result: how its invitations settled, and why the duplicates were not sent. */
export type InviteFigures = {
  invited: number;
  duplicate: number;
  failed: number;
  cancelled: number;
  /** Of the duplicates: already members, and already invited (pending or on the way). Absent on older tasks. */
  alreadyMember?: number;
  alreadyInvited?: number;
};

/** Counts a task's invitations by how they settled. */
export function inviteFigures(rows: ReadonlyArray<{ status: string; note: string | null }>): InviteFigures {
  const figures: Required<InviteFigures> = { invited: 0, duplicate: 0, failed: 0, cancelled: 0, alreadyMember: 0, alreadyInvited: 0 };
  for (const row of rows) {
    if (row.status === 'invited' || row.status === 'duplicate' || row.status === 'failed' || row.status === 'cancelled') figures[row.status]++;
    if (row.status !== 'duplicate') continue;
    if ((row.note as InviteNote | null) === 'member') figures.alreadyMember++;
    else figures.alreadyInvited++;
  }
  return figures;
}

/** Reads a stored invitation result; undefined when the task stored none (it has not finished). */
export function readInviteFigures(summary: Record<string, unknown> | null | undefined): InviteFigures | undefined {
  if (!summary || typeof summary.invited !== 'number') return undefined;
  const n = (key: string) => (typeof summary[key] === 'number' ? (summary[key] as number) : 0);
  const split = typeof summary.alreadyMember === 'number';
  return {
    invited: n('invited'), duplicate: n('duplicate'), failed: n('failed'), cancelled: n('cancelled'),
    ...(split ? { alreadyMember: n('alreadyMember'), alreadyInvited: n('alreadyInvited') } : {}),
  };
}

/**
 * "Invited 3 of 4; 1 was already a member", "Invited 2 people", "Invited 0 of 2; 1 was already invited, 1 failed";
 * `where` (e.g. " to Acme Ads as Employee") goes after the head.
 */
export function inviteOutcome(f: InviteFigures, where = ''): string {
  const total = f.invited + f.duplicate + f.failed + f.cancelled;
  const head = total === f.invited ? `Invited ${plural(f.invited, 'person', 'people')}` : `Invited ${f.invited.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
  const known = (f.alreadyMember ?? 0) + (f.alreadyInvited ?? 0);
  const rest = [
    f.alreadyMember ? plural(f.alreadyMember, 'was already a member', 'were already members') : '',
    f.alreadyInvited ? plural(f.alreadyInvited, 'was already invited', 'were already invited') : '',
    f.duplicate > known ? plural(f.duplicate - known, 'was already there', 'were already there') : '',
    f.cancelled ? plural(f.cancelled, 'was cancelled before it was sent', 'were cancelled before they were sent') : '',
    f.failed ? plural(f.failed, 'failed', 'failed') : '',
  ].filter(Boolean);
  return rest.length ? `${head}${where}; ${rest.join(', ')}` : `${head}${where}`;
}

/** A removal's stored result: Meta removed them, or they were already gone. */
export function removalWasAlreadyGone(summary: Record<string, unknown> | null | undefined): boolean {
  return summary?.outcome === 'already_gone';
}
