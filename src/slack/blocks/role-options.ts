import { roleLabel, ROLE_HINTS } from '../../domain/invitations.js';
import { META_ROLES } from '../../domain/roles.js';
import { plain } from './text.js';

const option = (role: string) => ({
  text: plain(roleLabel(role), 75),
  value: role,
  ...(ROLE_HINTS[role] ? { description: plain(ROLE_HINTS[role]!, 75) } : {}),
});

/** A picker of the roles Meta accepts, Admin and Employee first, starting on `initial` (Employee by default). */
export function roleSelect(field: { block: string; action: string }, label: string, initial?: string | null, hint?: string) {
  const options = META_ROLES.map(option);
  const start = options.find((o) => o.value === initial) ?? options.find((o) => o.value === 'EMPLOYEE')!;
  return {
    type: 'input',
    block_id: field.block,
    label: plain(label),
    element: { type: 'static_select', action_id: field.action, options, initial_option: start },
    ...(hint ? { hint: plain(hint) } : {}),
  };
}
