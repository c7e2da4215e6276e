import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { HUB_GONE } from '../../../domain/wording.js';
import { GENERIC_FAILURE } from '../../../lib/errors.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { saveHubSettings } from '../../../services/hub-setup/settings.js';
import { noticeModal } from '../../blocks/member-modals.js';
import { settingsSavedText } from '../../blocks/settings-modal.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { decodeHubContext } from '../../forms/hub-metadata.js';
import { parseSettingsSubmission } from '../../forms/settings-form.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { explainRefusal } from '../../hub-access.js';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs;

/** The settings modal's submit: every value checked inline; the save is audited and the modal says what changed. */
export function hubSettingsSubmission(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const notice = (title: string, text: string) => ack({ response_action: 'update', view: noticeModal(title, text) as never });
    const form = parseSettingsSubmission(view.state.values as ViewStateValues);
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const context = decodeHubContext(view.private_metadata);
    if (!context) return void (await notice('Form out of date', 'This form is out of date. Run `/hub settings` again.'));
    try {
      const result = await saveHubSettings(ctx, await resolveActor(ctx, body.user.id), context.hubId, form.input, ctx.clock());
      switch (result.status) {
        case 'not_found':
          return void (await notice('Hub not connected', HUB_GONE));
        case 'refused':
          return void (await notice('Not allowed', await explainRefusal(ctx, result.reason, result.hub)));
        case 'unchanged':
          return void (await notice('Nothing changed', `The settings of *${escapeMrkdwn(result.hub.label)}* are already these. Nothing changed.`));
        case 'saved':
          return void (await notice('Settings saved', settingsSavedText(result.hub, result.changes)));
      }
    } catch (error) {
      ctx.logger.error('saving hub settings failed', { error });
      await notice('Nothing changed', GENERIC_FAILURE);
    }
  };
}
