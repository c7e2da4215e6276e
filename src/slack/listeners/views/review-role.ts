import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { GENERIC_FAILURE } from '../../../lib/errors.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { changeItemRole } from '../../../services/reviews/decisions.js';
import { noticeModal } from '../../blocks/member-modals.js';
import { parseRoleSubmission } from '../../forms/access-forms.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { reviewResultText } from '../../review-answers.js';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs;

/** Change role from a review card: decided before the ack, so a refusal or a conflict replaces the modal. */
export function reviewRoleSubmission(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const form = parseRoleSubmission(view.state.values as ViewStateValues);
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const itemId = (JSON.parse(view.private_metadata || '{}') as { i?: unknown }).i;
    if (typeof itemId !== 'string') return void (await ack({ response_action: 'update', view: noticeModal('Form out of date', 'This form is out of date. Use the card again.') as never }));
    try {
      const result = await changeItemRole(ctx, await resolveActor(ctx, body.user.id), itemId, form.input.role, ctx.clock());
      const text = await reviewResultText(ctx, result, body.user.id);
      await ack({ response_action: 'update', view: noticeModal(result.status === 'done' ? 'Role change queued' : 'Nothing changed', text ?? 'Done.') as never });
    } catch (error) {
      ctx.logger.error('review role change failed', { error });
      await ack({ response_action: 'update', view: noticeModal('Nothing changed', GENERIC_FAILURE) as never });
    }
  };
}
