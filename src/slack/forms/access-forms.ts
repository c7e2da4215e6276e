import { z } from 'zod';
import { isMetaRole } from '../../domain/roles.js';
import { GroupFields, LoginFields, RoleFields } from '../ids.js';
import type { ViewStateValues } from './view-state.js';
import { read, result } from './member-forms.js';

const role = z.string({ error: 'Choose a role.' }).refine(isMetaRole, { error: 'Choose one of the roles Meta accepts.' });

/** The login modal: SSO or username and password. */
export function parseLoginSubmission(values: ViewStateValues) {
  const schema = z.object({ method: z.enum(['sso', 'password'], { error: 'Choose how members log in.' }) });
  return result(schema.safeParse({ method: read(values, LoginFields.method) }), { method: LoginFields.method.block });
}

/** The Change role modal: one of Meta's roles. */
export function parseRoleSubmission(values: ViewStateValues) {
  return result(z.object({ role }).safeParse({ role: read(values, RoleFields.role) }), { role: RoleFields.role.block });
}

/** Selected options of a checkbox group, by value. */
export function checked(values: ViewStateValues, field: { block: string; action: string }): string[] {
  const state = values[field.block]?.[field.action] as { selected_options?: Array<{ value: string }> | null } | undefined;
  return (state?.selected_options ?? []).map((option) => option.value);
}

/** The Map a group modal: the group picked in the search, the role, and whether to invite its current members. */
export function parseGroupSubmission(values: ViewStateValues) {
  const schema = z.object({
    groupId: z.string({ error: 'Search for the group and pick it from the list.' }).regex(/^[0-9a-f-]{36}$/i, { error: 'Pick a group from the list.' }),
    role,
    inviteCurrent: z.boolean(),
  });
  return result(
    schema.safeParse({ groupId: read(values, GroupFields.group), role: read(values, GroupFields.role), inviteCurrent: checked(values, GroupFields.inviteCurrent).includes('yes') }),
    { groupId: GroupFields.group.block, role: GroupFields.role.block, inviteCurrent: GroupFields.inviteCurrent.block },
  );
}
