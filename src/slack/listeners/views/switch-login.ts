import { switchLoginMethod } from '../../../services/access/login-method.js';
import { sendMessage } from '../../../services/notifications/send.js';
import { LOGIN_WORDS, loginSwitchedMessage } from '../../blocks/login-modal.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { parseLoginSubmission } from '../../forms/access-forms.js';
import { onHubForm } from './hub-form.js';

/**
 * The login modal's submit: permission and the switch (with its check for updates) happen before the ack, so
 * a refusal or "nothing to change" replaces the modal; the channel hears of a switch through the outbox.
 */
export const switchLoginSubmission = onHubForm((ctx) => ({
  command: '/hub login',
  parse: (values) => parseLoginSubmission(values),
  async decide(actor, hubId, input) {
    const result = await switchLoginMethod(ctx, hubId, input.method, actor, ctx.clock());
    switch (result.status) {
      case 'not_found':
        return result;
      case 'refused':
        return { status: 'refused', reason: result.reason, hub: { id: hubId, label: '' } };
      case 'unchanged':
        return { status: 'notice', title: 'Nothing changed', text: `*${escapeMrkdwn(result.hub.label)}* already uses ${LOGIN_WORDS[result.hub.loginMethod]}. Nothing changed.` };
      case 'switched': {
        const message = loginSwitchedMessage(result.hub, result.from, result.hub.loginMethod, actor.slackUserId);
        return { status: 'closed', after: () => sendMessage(ctx, result.hub.channelId, message, { hubId: result.hub.id, event: 'hub.login_switched' }) };
      }
    }
  },
}));
