import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { GENERIC_FAILURE, UserFacingError } from '../../../lib/errors.js';
import { connectHub } from '../../../services/hub-setup/hubs.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { parseConnectSubmission } from '../../forms/connect-hub.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { ConnectFields } from '../../ids.js';
import { requirePermission } from '../../hub-access.js';
import { trackAfterAck } from '../../in-flight.js';

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
      const { hub, reconnected } = await connectHub(ctx, form.input, userId);
      await ack();
      const verb = reconnected ? 'Reconnected' : 'Connected';
      await trackAfterAck(ctx.slack.chat
        .postMessage({
          channel: userId,
          text: `${verb} *${escapeMrkdwn(hub.label)}*. The first check for updates is running; progress shows in <#${hub.channelId}>.`,
        })
        .catch((error) => ctx.logger.warn('could not confirm connect by DM', { error })));
    } catch (error) {
      const message = error instanceof UserFacingError ? error.message : GENERIC_FAILURE;
      if (!(error instanceof UserFacingError)) ctx.logger.error('connect failed', { error });
      const field = error instanceof UserFacingError && error.field ? error.field : ConnectFields.label.block;
      await ack({ response_action: 'errors', errors: { [field]: message } });
    }
  };
}
