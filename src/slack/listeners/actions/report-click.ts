import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import type { Actor } from '../../../domain/permissions.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { UserFacingError } from '../../../lib/errors.js';
import type { ReportResult } from '../../../services/reports/decisions.js';
import { getItem } from '../../../services/reports/items.js';
import { reportReply, reportResultText } from '../../report-answers.js';
import { replyPrivately } from '../../reply.js';
import { isUuid } from '../../../lib/text.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

export type ReportClick = { ctx: AppContext; actor: Actor; userId: string; value: string; triggerId: string };

/** What a click did: the report it touched (its private copy is redrawn), and what to tell the person. */
export type ClickOutcome = { reportId?: string | undefined; changed: boolean; text?: string | undefined };

/** A service's result as a click outcome: done and closed-by-itself change the report; the rest only explain. */
export async function outcomeOf(ctx: AppContext, result: ReportResult, userId: string, doneText?: string): Promise<ClickOutcome> {
  const reportId = 'reportId' in result ? result.reportId : 'item' in result ? result.item.reportId : undefined;
  const changed = result.status === 'done' || result.status === 'closed_itself';
  return { reportId, changed, text: (await reportResultText(ctx, result, userId)) ?? doneText };
}

/**
 * A click on a report card: acks at once; the service decides (permission, compare-and-set) and the person
 * hears privately. The cards are redrawn from state through the notify queue; a private copy of the report
 * (from `/hub report`) is redrawn in place.
 */
export function onReportClick(ctx: AppContext, decide: (click: ReportClick) => Promise<ClickOutcome>) {
  return async ({ ack, body, action, respond }: Args) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const value = action.value ?? '';
      if (!isUuid(value)) throw new UserFacingError('That button is from an older version of Hubkeeper. Run `/hub report` again.');
      const click = { ctx, actor: await resolveActor(ctx, body.user.id), userId: body.user.id, value, triggerId: body.trigger_id };
      const outcome = await decide(click);
      const ephemeral = Boolean((body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral);
      if (ephemeral && outcome.reportId) {
        const fresh = await reportReply(ctx, outcome.reportId, 0);
        if (fresh) await respond({ response_type: 'ephemeral', replace_original: true, ...fresh } as never);
      }
      return outcome.text ? { text: outcome.text } : undefined;
    });
  };
}

/** The item a button names, for clicks that open a modal first. */
export async function clickedItem(ctx: AppContext, itemId: string) {
  const item = await getItem(ctx.db, itemId);
  if (!item) throw new UserFacingError('That report item no longer exists.');
  return item;
}
