import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { GENERIC_FAILURE, UserFacingError } from '../../../lib/errors.js';
import { connectHub, type Hub, type KeptOnReconnect } from '../../../services/hub-setup/hubs.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { parseConnectSubmission } from '../../forms/connect-hub.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { ConnectFields } from '../../ids.js';
import { requirePermission } from '../../hub-access.js';
import { trackAfterAck } from '../../in-flight.js';

/** What a reconnect did not change although the form said otherwise, and where that is changed instead. */
function keptWords(hub: Hub, kept: KeptOnReconnect): string {
  if (kept.length === 0) return '';
  const how: Record<KeptOnReconnect[number], string> = {
    label: `the label stays *${escapeMrkdwn(hub.label)}*`,
    'login method': `the login method stays as it was (\`/hub login\` switches it)`,
  };
  return ` Reconnecting changes only the token, app secret and channel: ${kept.map((field) => how[field]).join(', ')}.`;
}

/**
 * The connect modal's submit. Validation and the database write happen before the ack so that every problem
 * comes back inline in the modal; the slow part (Meta) is a queued task.
 */
export function connectHubSubmission(ctx: AppContext) {
  return async ({ ack, body, view }: AllMiddlewareArgs & SlackViewMiddlewareArgs) => {
    const userId = body.user.id;
    const form = parseConnectSubmission(view.state.values as ViewStateValues);
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    try {
      await requirePermission(ctx, userId, 'hub.connect');
      const { hub, reconnected, kept, movedFrom } = await connectHub(ctx, form.input, userId);
      await ack();
      const moved = movedFrom ? ` Its notifications moved from <#${movedFrom}> to <#${hub.channelId}>.` : '';
      const text = reconnected
        ? `Reconnected *${escapeMrkdwn(hub.label)}* with the new token.${moved} A check for updates is running; progress shows in <#${hub.channelId}>.${keptWords(hub, kept)}`
        : `Connected *${escapeMrkdwn(hub.label)}*. The first check for updates is running; progress shows in <#${hub.channelId}>.`;
      await trackAfterAck(ctx.slack.chat
        .postMessage({ channel: userId, text })
        .catch((error) => ctx.logger.warn('could not confirm connect by DM', { error })));
    } catch (error) {
      const message = error instanceof UserFacingError ? error.message : GENERIC_FAILURE;
      if (!(error instanceof UserFacingError)) ctx.logger.error('connect failed', { error });
      const field = error instanceof UserFacingError && error.field ? error.field : ConnectFields.label.block;
      await ack({ response_action: 'errors', errors: { [field]: message } });
    }
  };
}
