import type { OwnerChange } from '../../domain/owners.js';
import { isSlackUserId } from '../../lib/text.js';
import { OwnerFields as F } from '../ids.js';
import { checked } from './access-forms.js';
import type { ViewStateValues } from './view-state.js';

/** The owners modal: people to add (a users picker) and owners ticked for removal. */
export function parseOwnersSubmission(values: ViewStateValues): { ok: true; input: OwnerChange } | { ok: false; errors: Record<string, string> } {
  const picked = (values[F.add.block]?.[F.add.action] as { selected_users?: string[] | null } | undefined)?.selected_users ?? [];
  const add = picked.filter((id) => isSlackUserId(id));
  const remove = checked(values, F.remove).filter((id) => isSlackUserId(id));
  if (add.length === 0 && remove.length === 0) return { ok: false, errors: { [F.add.block]: 'Choose people to add, or tick owners to remove.' } };
  return { ok: true, input: { add, remove } };
}
