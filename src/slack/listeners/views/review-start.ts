import type { AppContext } from '../../../context.js';
import type { Actor } from '../../../domain/permissions.js';
import type { CampaignFormInput } from '../../../domain/access-review.js';
import { plural } from '../../../domain/wording.js';
import { startCampaign } from '../../../services/reviews/campaigns.js';
import { reviewConfirmModal } from '../../blocks/review-modal.js';
import { escapeMrkdwn, slackDate } from '../../blocks/text.js';
import { decodeReviewConfirm, readReviewForm, reviewErrors } from '../../forms/review-form.js';
import { ReviewFields } from '../../ids.js';
import { onHubForm, type HubFormAnswer } from './hub-form.js';

/** One service call decides; its answer becomes inline errors, the count's confirmation, or a notice. */
async function start(ctx: AppContext, actor: Actor, hubId: string, input: CampaignFormInput, confirmCount?: number): Promise<HubFormAnswer> {
  const result = await startCampaign(ctx, actor, hubId, input, confirmCount, ctx.clock());
  switch (result.status) {
    case 'errors':
      // On the confirmation step the fields are gone: their words go in a notice instead.
      return confirmCount === undefined
        ? { status: 'errors', errors: reviewErrors(result.errors) }
        : { status: 'notice', title: 'Nothing started', text: `${Object.values(result.errors).join(' ')} Run \`/hub review\` again.` };
    case 'confirm':
      return { status: 'next', view: reviewConfirmModal(result.hub, input, result.count) };
    case 'changed':
      return { status: 'notice', title: 'Nothing started', text: `Nothing started: the scope changed since you opened the form. It now has ${plural(result.count, 'person', 'people')}. Run \`/hub review\` again to confirm that number.` };
    case 'already_open':
      return {
        status: 'notice', title: 'Review already open',
        text: `Nothing started: *${escapeMrkdwn(result.hub.label)}* already has an access review open, started by <@${result.campaign.startedBy}> (deadline ${slackDate(result.campaign.deadline)}). Its tracker is in <#${result.hub.channelId}>.`,
      };
    case 'started':
      return {
        status: 'notice', title: 'Review started',
        text: `Access review of *${escapeMrkdwn(result.hub.label)}* started: ${plural(result.items, 'person', 'people')} to review by ${plural(result.reviewers.length, 'reviewer')}, until ${slackDate(result.campaign.deadline)}. Each reviewer gets one card by direct message; the tracker is in <#${result.hub.channelId}>.`,
      };
    default:
      return result;
  }
}

/** The `/hub review` form's submit: inline errors, then either the count's confirmation or the start. */
export const reviewStartSubmission = onHubForm((ctx) => ({
  command: '/hub review',
  parse: (values) => ({ ok: true, input: readReviewForm(values) }),
  decide: (actor, hubId, input) => start(ctx, actor, hubId, input),
}));

/** The confirmation step: the box names the count; it must be ticked, and the count must still be right. */
export const reviewConfirmSubmission = onHubForm((ctx) => ({
  command: '/hub review',
  parse: (values, _now, metadata) => {
    const confirm = decodeReviewConfirm(metadata);
    const ticked = values[ReviewFields.confirm.block]?.[ReviewFields.confirm.action] as { selected_options?: Array<{ value: string }> | null } | undefined;
    if (!confirm) return { ok: false, errors: { [ReviewFields.confirm.block]: 'This form is out of date. Cancel and run `/hub review` again.' } };
    if (!(ticked?.selected_options ?? []).some((option) => option.value === String(confirm.count))) {
      return { ok: false, errors: { [ReviewFields.confirm.block]: 'Tick the box to confirm the count, or cancel.' } };
    }
    return { ok: true, input: confirm };
  },
  decide: (actor, hubId, confirm) => start(ctx, actor, hubId, confirm.input, confirm.count),
}));
