import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { sendMessage } from '../../../services/notifications/send.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { GENERIC_FAILURE } from '../../../lib/errors.js';
import { switchLoginMethod } from '../../../services/access/login-method.js';
import { LOGIN_WORDS, loginSwitchedMessage } from '../../blocks/login-modal.js';
import { noticeModal } from '../../blocks/member-modals.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { parseLoginSubmission } from '../../forms/access-forms.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { decodeHubContext } from '../../forms/hub-metadata.js';
import { explainRefusal } from '../../hub-access.js';
import { trackAfterAck } from '../../in-flight.js';
import { HUB_GONE } from '../../../domain/wording.js';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs;

/**
 * The login modal's submit: permission and the switch (with its check for updates) happen before the ack, so
 * a refusal or "nothing to change" replaces the modal; the channel hears of a switch through the outbox.
 */
export function switchLoginSubmission(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const notice = (title: string, text: string) => ack({ response_action: 'update', view: noticeModal(title, text) as never });
    const form = parseLoginSubmission(view.state.values as ViewStateValues);
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const context = decodeHubContext(view.private_metadata);
    if (!context) return void (await notice('Form out of date', 'This form is out of date. Run `/hub login` again.'));
    const userId = body.user.id;
    try {
      const result = await switchLoginMethod(ctx, context.hubId, form.input.method, await resolveActor(ctx, userId), ctx.clock());
      switch (result.status) {
        case 'not_found':
          return void (await notice('Hub not connected', HUB_GONE));
        case 'refused':
          return void (await notice('Not allowed', await explainRefusal(ctx, result.reason, { id: context.hubId })));
        case 'unchanged':
          return void (await notice('Nothing changed', `*${escapeMrkdwn(result.hub.label)}* already uses ${LOGIN_WORDS[result.hub.loginMethod]}. Nothing changed.`));
        case 'switched': {
          await ack();
          const message = loginSwitchedMessage(result.hub, result.from, result.hub.loginMethod, userId);
          await trackAfterAck(sendMessage(ctx, result.hub.channelId, message, { hubId: result.hub.id, event: 'hub.login_switched' })
            .catch((error) => ctx.logger.warn('could not announce the login switch', { error })));
        }
      }
    } catch (error) {
      ctx.logger.error('login switch failed', { error });
      await notice('Nothing changed', GENERIC_FAILURE);
    }
  };
}
