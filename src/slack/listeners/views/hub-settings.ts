import { saveHubSettings } from '../../../services/hub-setup/settings.js';
import { settingsSavedText } from '../../blocks/settings-modal.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { parseSettingsSubmission } from '../../forms/settings-form.js';
import { onHubForm } from './hub-form.js';

/** The settings modal's submit: every value checked inline; the save is audited and the modal says what changed. */
export const hubSettingsSubmission = onHubForm((ctx) => ({
  command: '/hub settings',
  parse: (values) => parseSettingsSubmission(values),
  async decide(actor, hubId, input) {
    const result = await saveHubSettings(ctx, actor, hubId, input, ctx.clock());
    switch (result.status) {
      case 'unchanged':
        return { status: 'notice', title: 'Nothing changed', text: `The settings of *${escapeMrkdwn(result.hub.label)}* are already these. Nothing changed.` };
      case 'saved':
        return { status: 'notice', title: 'Settings saved', text: settingsSavedText(result.hub, result.changes) };
      default:
        return result;
    }
  },
}));
