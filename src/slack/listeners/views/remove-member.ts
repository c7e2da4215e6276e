import type { AppContext } from '../../../context.js';
import { encodePosition } from '../../../domain/member-list.js';
import { requestRemoval } from '../../../services/members/removal.js';
import { WAITS_FOR_QUEUE } from '../../../services/tasks/dispatch.js';
import { parseRemoveSubmission } from '../../forms/member-forms.js';
import { RemoveFields } from '../../ids.js';
import { onMemberSubmission } from './member-submission.js';

/** The Remove confirmation's submit: marks the member removal_pending and queues the removal task. */
export const removeMemberSubmission = (ctx: AppContext) =>
  onMemberSubmission(ctx, {
    parse: (values) => parseRemoveSubmission(values),
    decide: (ctx, hub, request, input, context) =>
      requestRemoval(ctx, hub, request, {
        reason: input.reason,
        listUrl: context.listUrl,
        listPosition: context.position ? encodePosition(context.position) : undefined,
      }),
    fields: { reason: RemoveFields.reason.block },
    note: (result, hub) =>
      result.waiting
        ? `Removal recorded. ${WAITS_FOR_QUEUE} The outcome will show in <#${hub.channelId}>.`
        : `Removal queued: the outcome will show in <#${hub.channelId}>.`,
  });
