import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { GENERIC_FAILURE } from '../../../lib/errors.js';
import { getHub, type Hub } from '../../../services/hub-setup/hubs.js';
import type { DecisionRequest, DecisionResult } from '../../../services/members/guard.js';
import { noticeModal } from '../../blocks/member-modals.js';
import { conflictText } from '../../blocks/member-text.js';
import type { FormResult } from '../../forms/member-forms.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { decodeModalContext, type MemberModalContext } from '../../forms/member-metadata.js';
import { explainRefusal } from '../../hub-access.js';
import { trackAfterAck } from '../../in-flight.js';
import { redrawMemberList } from '../../../services/members/list-redraw.js';
import { postToResponseUrl } from '../../../lib/slack-response-url.js';
import { HUB_GONE } from '../../../domain/wording.js';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs;
type Ack = Args['ack'];

export type MemberSubmission<F, T> = {
  parse(values: ViewStateValues, now: Date): FormResult<F>;
  decide(ctx: AppContext, hub: Hub, request: DecisionRequest, input: F, context: MemberModalContext): Promise<DecisionResult<T>>;
  /** The modal block a service's `invalid.field` belongs to. */
  fields: Record<string, string>;
  /** A note for the person once it is done (sent to where the list was), if there is more to say. */
  note?(result: T, hub: Hub): string | undefined;
};

const notice = (ack: Ack, title: string, text: string) => ack({ response_action: 'update', view: noticeModal(title, text) as never });

/**
 * A member modal's submit: validation, permission and the compare-and-set decision happen before the ack,
 * so problems come back inline (or the modal turns into an explanation); redrawing the list happens after.
 */
export function onMemberSubmission<F, T>(ctx: AppContext, spec: MemberSubmission<F, T>) {
  return async ({ ack, body, view }: Args) => {
    const userId = body.user.id;
    const form = spec.parse(view.state.values as ViewStateValues, ctx.clock());
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const context = decodeModalContext(view.private_metadata);
    if (!context) return void (await notice(ack, 'Form out of date', 'This form is out of date. Run `/hub members` again.'));
    let after: (() => Promise<void>) | undefined;
    try {
      const hub = await getHub(ctx.db, context.hubId);
      if (!hub) return void (await notice(ack, 'Hub not connected', HUB_GONE));
      const request = { actor: await resolveActor(ctx, userId), hub, memberId: context.memberId, revision: context.revision, at: ctx.clock() };
      const result = await spec.decide(ctx, hub, request, form.input, context);
      switch (result.status) {
        case 'invalid':
          return void (await ack({ response_action: 'errors', errors: { [spec.fields[result.field] ?? Object.values(spec.fields)[0]!]: result.message } }));
        case 'refused':
          return void (await notice(ack, 'Not allowed', await explainRefusal(ctx, result.reason, hub)));
        case 'not_found':
          return void (await notice(ack, 'Member not found', 'That member is no longer in this hub.'));
        case 'conflict':
          await notice(ack, 'Nothing changed', conflictText(result.member, userId));
          break;
        case 'done': {
          await ack();
          const note = spec.note?.(result.result, hub);
          if (note && context.listUrl) after = () => postToResponseUrl(ctx, context.listUrl!, { response_type: 'ephemeral', replace_original: false, text: note }).then(() => {});
          break;
        }
      }
    } catch (error) {
      ctx.logger.error('member decision failed', { error });
      return void (await notice(ack, 'Nothing changed', GENERIC_FAILURE));
    }
    await trackAfterAck(
      redrawMemberList(ctx, context.listUrl, context.position, userId)
        .then(() => after?.())
        .catch((error) => ctx.logger.warn('could not redraw the member list', { error })),
    );
  };
}
