import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { UserFacingError } from '../../../lib/errors.js';
import { HUB_GONE } from '../../../domain/wording.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { ownersFormFor } from '../../../services/hub-setup/claims.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { isUuid } from '../../../lib/text.js';
import { ownersModal } from '../../blocks/owners-modal.js';
import { explainRefusal } from '../../hub-access.js';
import { openView } from '../../open-view.js';
import { replyPrivately } from '../../reply.js';

/** "Add an owner" on an escalation: the `/hub owners` modal, for whoever may change the hub's owners. */
export function escalationAddOwnerButton(ctx: AppContext) {
  return async ({ ack, body, action, respond }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const hub = isUuid(action.value ?? '') ? await getHub(ctx.db, action.value!) : undefined;
      if (!hub) throw new UserFacingError(HUB_GONE);
      const form = await ownersFormFor(ctx, await resolveActor(ctx, body.user.id), hub);
      if (form.kind !== 'manage') throw new UserFacingError(await explainRefusal(ctx, `Only owners of ${hub.label} and Hubkeeper admins can add owners.`, hub));
      return openView(ctx, body.trigger_id, ownersModal(hub, form.owners), 'click *Add an owner*');
    });
  };
}
