import type { AllMiddlewareArgs, BlockButtonAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import type { MemberAction } from '../../../domain/member-actions.js';
import { decodeRowAction, type RowAction } from '../../../domain/member-list.js';
import { authorize, authorizeMemberAction, PERMISSION_OF, type Actor } from '../../../domain/permissions.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { UserFacingError } from '../../../lib/errors.js';
import { getHub, type Hub } from '../../../services/hub-setup/hubs.js';
import { getMember, type ListedMember } from '../../../services/members/members.js';
import { conflictText } from '../../blocks/member-text.js';
import { explainRefusal } from '../../hub-access.js';
import { memberListReply } from '../../../services/members/list-redraw.js';
import { replyPrivately, type Reply } from '../../reply.js';
import { HUB_GONE } from '../../../domain/wording.js';

export type MemberClick = {
  ctx: AppContext;
  hub: Hub;
  actor: Actor;
  member: ListedMember;
  row: RowAction;
  userId: string;
  triggerId: string;
  responseUrl: string | undefined;
  respond: RespondFn;
};

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/**
 * A click on one member's button in the list: acks at once, then checks — on the member as it is now — that
 * the person may do this (domain/permissions) and that their list was current. A late click is told who did
 * what, and their list is redrawn; only a current, permitted click reaches `then`.
 */
export function onMemberClick(ctx: AppContext, action: MemberAction, then: (click: MemberClick) => Promise<Reply | undefined>) {
  return async ({ ack, body, action: button, respond }: Args) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const row = decodeRowAction(button.value);
      if (!row) throw new UserFacingError('That button is from an older version of Hubkeeper. Run `/hub members` again.');
      const hub = await getHub(ctx.db, row.position.hubId);
      if (!hub) throw new UserFacingError(HUB_GONE);
      const userId = body.user.id;
      const actor = await resolveActor(ctx, userId);
      const role = authorize(actor, PERMISSION_OF[action], hub);
      if (!role.allowed) throw new UserFacingError(await explainRefusal(ctx, role.reason, hub));
      const member = await getMember(ctx.db, hub.id, row.memberId);
      if (!member) throw new UserFacingError('That member is no longer in this hub.');
      if (member.revision !== row.revision) {
        await respond({ response_type: 'ephemeral', replace_original: true, ...(await memberListReply(ctx, hub, row.position, userId)) });
        return { text: conflictText(member, userId) };
      }
      const fit = authorizeMemberAction(actor, action, hub, member);
      if (!fit.allowed) throw new UserFacingError(fit.reason);
      return then({ ctx, hub, actor, member, row, userId, triggerId: body.trigger_id, responseUrl: (body as { response_url?: string }).response_url, respond });
    });
  };
}

/** Opens a modal from a click; Slack gives 3 seconds from the click, so a slow moment asks for another. */
export async function openModal(click: MemberClick, view: Record<string, unknown>): Promise<undefined> {
  try {
    await click.ctx.slackInteractive.views.open({ trigger_id: click.triggerId, view: view as never });
  } catch (error) {
    click.ctx.logger.warn('views.open failed for a member modal', { error });
    throw new UserFacingError('Slack did not let us open the form in time. Please click again.');
  }
  return undefined;
}
