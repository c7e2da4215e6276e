import { z } from 'zod';
import { isEmail, MAX_INVITES_PER_REQUEST, parseEmailList } from '../../domain/invitations.js';
import { isMetaRole } from '../../domain/roles.js';
import { InviteFields as F } from '../ids.js';
import type { ViewStateValues } from './view-state.js';
import { checked } from './access-forms.js';
import { read, type FormResult } from './member-forms.js';
import { isUuid } from '../../lib/text.js';

export type InviteForm = { emails: string[]; directoryUserIds: string[]; role: string; workAccount: boolean };

const role = z.string({ error: 'Choose a role.' }).refine(isMetaRole, { error: 'Choose one of the roles Meta accepts.' });

/**
 * The invite modal: emails typed (any separators) and/or people picked in the directory search, a role, and
 * whether to invite as a work account. Every problem is named inline, on the field it belongs to.
 */
export function parseInviteSubmission(values: ViewStateValues): FormResult<InviteForm> {
  const errors: Record<string, string> = {};
  const { emails, invalid } = parseEmailList(read(values, F.emails));
  const picked = values[F.people.block]?.[F.people.action] as { selected_options?: Array<{ value: string }> | null } | undefined;
  const directoryUserIds = (picked?.selected_options ?? []).map((option) => option.value).filter((id) => isUuid(id));
  if (invalid.length) {
    const shown = invalid.slice(0, 3).map((word) => `“${word}”`).join(', ');
    errors[F.emails.block] = `${shown} ${invalid.length === 1 ? 'is not an email address' : 'are not email addresses'}. Use one email per line, or separate them with commas.`;
  } else if (emails.length === 0 && directoryUserIds.length === 0) {
    errors[F.emails.block] = 'Enter at least one work email, or pick people from the directory below.';
  } else if (emails.length + directoryUserIds.length > MAX_INVITES_PER_REQUEST) {
    errors[F.emails.block] = `Invite at most ${MAX_INVITES_PER_REQUEST} people at a time (you have ${emails.length + directoryUserIds.length}).`;
  }
  const chosen = role.safeParse(read(values, F.role));
  if (!chosen.success) errors[F.role.block] = chosen.error.issues[0]?.message ?? 'Choose a role.';
  if (Object.keys(errors).length || !chosen.success) return { ok: false, errors };
  return {
    ok: true,
    input: { emails: emails.filter(isEmail), directoryUserIds, role: chosen.data, workAccount: checked(values, F.workAccount).includes('yes') },
  };
}
