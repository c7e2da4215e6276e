import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { GENERIC_FAILURE } from '../../../lib/errors.js';
import { approveAll, confirmReport, rejectItem, type ReportResult } from '../../../services/reports/decisions.js';
import { noticeModal } from '../../blocks/member-modals.js';
import { decodeConfirm } from '../../blocks/report-modals.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { parseExemptSubmission } from '../../forms/member-forms.js';
import { ConfirmFields } from '../../ids.js';
import { reportResultText } from '../../report-answers.js';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs;

/** Runs the decision before the ack, so a refusal or a conflict turns the modal into its explanation. */
async function settle(ctx: AppContext, ack: Args['ack'], userId: string, decide: () => Promise<ReportResult>): Promise<void> {
  let result: ReportResult;
  try {
    result = await decide();
  } catch (error) {
    ctx.logger.error('report decision failed', { error });
    return void (await ack({ response_action: 'update', view: noticeModal('Nothing changed', GENERIC_FAILURE) as never }));
  }
  const text = await reportResultText(ctx, result, userId);
  const title = result.status === 'done' ? 'Approved' : 'Nothing changed';
  if (text) await ack({ response_action: 'update', view: noticeModal(title, text) as never });
  else await ack();
}

/** Reject: the reason (10–500 characters) and the optional end date are checked inline, as for Exempt. */
export function reportRejectSubmission(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const form = parseExemptSubmission(view.state.values as ViewStateValues, ctx.clock());
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const itemId = (JSON.parse(view.private_metadata || '{}') as { i?: unknown }).i;
    if (typeof itemId !== 'string') return void (await ack({ response_action: 'update', view: noticeModal('Form out of date', 'This form is out of date. Open the report again.') as never }));
    const actor = await resolveActor(ctx, body.user.id);
    await settle(ctx, ack, body.user.id, () => rejectItem(ctx, actor, itemId, form.input, ctx.clock()));
  };
}

/** Approve all / confirm: a held report needs the box ticked, and the count it names must still be right. */
export function reportConfirmSubmission(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const meta = decodeConfirm(view.private_metadata);
    if (!meta) return void (await ack({ response_action: 'update', view: noticeModal('Form out of date', 'This form is out of date. Open the report again.') as never }));
    const check = view.state.values[ConfirmFields.check.block]?.[ConfirmFields.check.action] as { selected_options?: Array<{ value: string }> } | undefined;
    const ticked = (check?.selected_options ?? []).some((option) => option.value === String(meta.count));
    if (check && !ticked) {
      return void (await ack({ response_action: 'errors', errors: { [ConfirmFields.check.block]: 'Tick the box to confirm the count, or cancel.' } }));
    }
    const actor = await resolveActor(ctx, body.user.id);
    const confirmCount = ticked ? meta.count : undefined;
    await settle(ctx, ack, body.user.id, () =>
      meta.approve
        ? approveAll(ctx, actor, meta.reportId, { upToSeq: meta.upToSeq, confirmCount }, ctx.clock())
        : confirmReport(ctx, actor, meta.reportId, meta.count, ctx.clock()));
  };
}
