import type { AppContext } from '../../../context.js';
import { endExemption, unmatchMember } from '../../../services/members/decisions.js';
import type { DecisionResult } from '../../../services/members/guard.js';
import { conflictText } from '../../blocks/member-text.js';
import { explainRefusal } from '../../hub-access.js';
import { memberListReply } from '../../../services/members/list-redraw.js';
import type { Reply } from '../../reply.js';
import { onMemberClick, type MemberClick } from './member-click.js';

/** Redraws the list in place after a one-click decision, or says why nothing changed. */
async function answer(click: MemberClick, result: DecisionResult): Promise<Reply | undefined> {
  const { ctx, hub, row, userId, respond } = click;
  if (result.status === 'refused') return { text: await explainRefusal(ctx, result.reason, hub) };
  if (result.status === 'not_found') return { text: 'That member is no longer in this hub.' };
  await respond({ response_type: 'ephemeral', replace_original: true, ...(await memberListReply(ctx, hub, row.position, userId)) });
  return result.status === 'conflict' ? { text: conflictText(result.member, userId) } : undefined;
}

const request = (click: MemberClick) => ({
  actor: click.actor, hub: click.hub, memberId: click.member.id, revision: click.row.revision, at: click.ctx.clock(),
});

/** "Unmatch": back to review, and automatic matching leaves the member unmatched from now on. */
export const memberUnmatchButton = (ctx: AppContext) =>
  onMemberClick(ctx, 'unmatch', async (click) => answer(click, await unmatchMember(ctx, request(click))));

/** "End exemption": back to review. */
export const memberEndExemptionButton = (ctx: AppContext) =>
  onMemberClick(ctx, 'end_exemption', async (click) => answer(click, await endExemption(ctx, request(click))));
