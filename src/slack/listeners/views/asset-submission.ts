import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { encodePosition } from '../../../domain/member-list.js';
import { HUB_GONE } from '../../../domain/wording.js';
import { GENERIC_FAILURE } from '../../../lib/errors.js';
import { postToResponseUrl } from '../../../lib/slack-response-url.js';
import { requestAssetChange, type AssetChange } from '../../../services/access/asset-access.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { WAITS_FOR_QUEUE } from '../../../services/tasks/dispatch.js';
import { noticeModal } from '../../blocks/member-modals.js';
import { decodeAssetContext, type AssetModalContext } from '../../forms/asset-forms.js';
import type { FormResult } from '../../forms/member-forms.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { explainRefusal } from '../../hub-access.js';
import { trackAfterAck } from '../../in-flight.js';
import { AssetFields } from '../../ids.js';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs;
type Ack = Args['ack'];

export type AssetSubmission<F> = {
  parse(values: ViewStateValues): FormResult<F>;
  change(input: F, context: AssetModalContext): Omit<AssetChange, 'listUrl' | 'listPosition'>;
};

const notice = (ack: Ack, title: string, text: string) => ack({ response_action: 'update', view: noticeModal(title, text) as never });

/**
 * A confirmation or grant modal's submit: the form is checked, then the change is recorded as a task before the
 * ack, so problems come back inline and a late or second submission turns the modal into an explanation.
 */
export function onAssetSubmission<F>(ctx: AppContext, spec: AssetSubmission<F>) {
  return async ({ ack, body, view }: Args) => {
    const form = spec.parse(view.state.values as ViewStateValues);
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const context = decodeAssetContext(view.private_metadata);
    if (!context) return void (await notice(ack, 'Form out of date', 'This form is out of date. Run `/hub members` again.'));
    let note: string;
    try {
      const hub = await getHub(ctx.db, context.hubId);
      if (!hub) return void (await notice(ack, 'Hub not connected', HUB_GONE));
      const change = {
        ...spec.change(form.input, context),
        listUrl: context.listUrl,
        listPosition: context.position ? encodePosition(context.position) : undefined,
      };
      const result = await requestAssetChange(ctx, hub, { actor: await resolveActor(ctx, body.user.id), memberId: context.memberId, at: ctx.clock() }, change);
      switch (result.status) {
        case 'invalid':
          return void (await ack({ response_action: 'errors', errors: { [AssetFields[result.field].block]: result.message } }));
        case 'refused':
          return void (await notice(ack, 'Not allowed', await explainRefusal(ctx, result.reason, hub)));
        case 'not_found':
          return void (await notice(ack, 'Nothing changed', result.what === 'asset' ? 'That asset is no longer in this hub.' : 'That member is no longer in this hub.'));
        case 'nothing':
          return void (await notice(ack, 'Nothing changed', result.message));
        case 'done':
          await ack({ response_action: 'clear' });
          note = result.waiting ? `Recorded. ${WAITS_FOR_QUEUE} The outcome will show in <#${hub.channelId}>.` : `Sent to Meta: the outcome will show in <#${hub.channelId}>.`;
      }
    } catch (error) {
      ctx.logger.error('asset access change failed', { error });
      return void (await notice(ack, 'Nothing changed', GENERIC_FAILURE));
    }
    if (context.listUrl) {
      await trackAfterAck(
        postToResponseUrl(ctx, context.listUrl, { response_type: 'ephemeral', replace_original: false, text: note })
          .then(() => {})
          .catch((error) => ctx.logger.warn('could not answer in the member list', { error })),
      );
    }
  };
}
