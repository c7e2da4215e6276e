import type { AppContext } from '../../../context.js';
import { encodePosition } from '../../../domain/member-list.js';
import { requestRoleChange } from '../../../services/access/role-changes.js';
import { parseRoleSubmission } from '../../forms/access-forms.js';
import { RoleFields } from '../../ids.js';
import { onMemberSubmission } from './member-submission.js';

/** The Change role modal's submit: queues the role change (one at a time per member). */
export const changeRoleSubmission = (ctx: AppContext) =>
  onMemberSubmission(ctx, {
    parse: (values) => parseRoleSubmission(values),
    decide: (ctx, hub, request, input, context) =>
      requestRoleChange(ctx, hub, request, {
        role: input.role,
        listUrl: context.listUrl,
        listPosition: context.position ? encodePosition(context.position) : undefined,
      }),
    fields: { role: RoleFields.role.block },
    note: (_result, hub) => `Role change queued: the outcome will show in <#${hub.channelId}>.`,
  });
