import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { UserFacingError } from '../../../lib/errors.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { loadReportView } from '../../../services/reports/view.js';
import { confirmModal, rejectModal } from '../../blocks/report-modals.js';
import { itemConflictText } from '../../blocks/report-text.js';
import { requirePermission } from '../../hub-access.js';
import { Actions } from '../../ids.js';
import { replyPrivately } from '../../reply.js';
import { clickedItem } from './report-click.js';
import { HUB_GONE } from '../../../domain/wording.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

async function open(ctx: AppContext, triggerId: string, view: Record<string, unknown>): Promise<undefined> {
  try {
    await ctx.slackInteractive.views.open({ trigger_id: triggerId, view: view as never });
  } catch (error) {
    ctx.logger.warn('views.open failed for a report modal', { error });
    throw new UserFacingError('Slack did not let us open the form in time. Please click again.');
  }
  return undefined;
}

/** "Reject…" (or "Keep them…" after a failed removal): asks for the reason and an optional end date. */
export function reportRejectButton(ctx: AppContext) {
  return async ({ ack, body, action, respond }: Args) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const item = await clickedItem(ctx, action.value ?? '');
      const hub = await getHub(ctx.db, item.hubId);
      if (!hub) throw new UserFacingError(HUB_GONE);
      await requirePermission(ctx, body.user.id, 'report.decide', hub);
      const isOpen = item.decision === 'pending' || (item.decision === 'approved' && item.outcome === 'failed');
      if (!isOpen) return { text: itemConflictText(item, body.user.id) };
      return open(ctx, body.trigger_id, rejectModal(item, hub.label));
    });
  };
}

/** "Approve all…" and "Review and confirm…": a modal that states the count before anything happens. */
export function reportConfirmButton(ctx: AppContext) {
  return async ({ ack, body, action, respond }: Args) => {
    await ack();
    await replyPrivately(ctx, respond, async () => {
      const view = await loadReportView(ctx.db, action.value ?? '', 0, ctx.reports.itemsPerPage);
      if (!view) throw new UserFacingError('That report no longer exists.');
      await requirePermission(ctx, body.user.id, 'report.decide', view.hub);
      if (view.report.status !== 'open') return { text: 'Nothing to do: this report is already closed.' };
      const approve = action.action_id === Actions.reportApproveAll;
      if (approve && view.tally.pending === 0) return { text: 'Nothing to do: no item of this report waits for a decision.' };
      if (!approve && !view.safeguard.held) return { text: 'Nothing to do: the safeguard does not hold this report (anymore).' };
      return open(ctx, body.trigger_id, confirmModal(view, approve));
    });
  };
}
