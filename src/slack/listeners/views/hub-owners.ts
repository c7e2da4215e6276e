import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { HUB_GONE } from '../../../domain/wording.js';
import { GENERIC_FAILURE } from '../../../lib/errors.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { changeOwners } from '../../../services/hub-setup/owners.js';
import { noticeModal } from '../../blocks/member-modals.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { decodeHubContext } from '../../forms/hub-metadata.js';
import { parseOwnersSubmission } from '../../forms/owners-form.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { explainRefusal } from '../../hub-access.js';
import { OwnerFields } from '../../ids.js';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs;

const mentions = (ids: string[]) => ids.map((id) => `<@${id}>`).join(', ');

/** The owners modal's submit: guests and the last owner are refused inline; the change is audited and said. */
export function hubOwnersSubmission(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const notice = (title: string, text: string) => ack({ response_action: 'update', view: noticeModal(title, text) as never });
    const form = parseOwnersSubmission(view.state.values as ViewStateValues);
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const context = decodeHubContext(view.private_metadata);
    if (!context) return void (await notice('Form out of date', 'This form is out of date. Run `/hub owners` again.'));
    try {
      const result = await changeOwners(ctx, await resolveActor(ctx, body.user.id), context.hubId, form.input, ctx.clock());
      switch (result.status) {
        case 'not_found':
          return void (await notice('Hub not connected', HUB_GONE));
        case 'refused':
          return void (await notice('Not allowed', await explainRefusal(ctx, result.reason, result.hub)));
        case 'invalid':
          return void (await ack({ response_action: 'errors', errors: { [OwnerFields[result.field].block]: result.message } }));
        case 'unchanged':
          return void (await notice('Nothing changed', `The owners of *${escapeMrkdwn(result.hub.label)}* are already these. Nothing changed.`));
        case 'saved': {
          const parts = [result.added.length ? `added ${mentions(result.added)}` : '', result.removed.length ? `removed ${mentions(result.removed)}` : ''].filter(Boolean);
          return void (await notice('Owners saved', `Owners of *${escapeMrkdwn(result.hub.label)}*: ${parts.join('; ')}.`));
        }
      }
    } catch (error) {
      ctx.logger.error('changing owners failed', { error });
      await notice('Nothing changed', GENERIC_FAILURE);
    }
  };
}
