import { changeOwners } from '../../../services/hub-setup/owners.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { parseOwnersSubmission } from '../../forms/owners-form.js';
import { OwnerFields } from '../../ids.js';
import { onHubForm } from './hub-form.js';

const mentions = (ids: string[]) => ids.map((id) => `<@${id}>`).join(', ');

/** The owners modal's submit: guests and the last owner are refused inline; the change is audited and said. */
export const hubOwnersSubmission = onHubForm((ctx) => ({
  command: '/hub owners',
  parse: (values) => parseOwnersSubmission(values),
  async decide(actor, hubId, input) {
    const result = await changeOwners(ctx, actor, hubId, input, ctx.clock());
    switch (result.status) {
      case 'invalid':
        return { status: 'errors', errors: { [OwnerFields[result.field].block]: result.message } };
      case 'unchanged':
        return { status: 'notice', title: 'Nothing changed', text: `The owners of *${escapeMrkdwn(result.hub.label)}* are already these. Nothing changed.` };
      case 'saved': {
        const parts = [result.added.length ? `added ${mentions(result.added)}` : '', result.removed.length ? `removed ${mentions(result.removed)}` : ''].filter(Boolean);
        return { status: 'notice', title: 'Owners saved', text: `Owners of *${escapeMrkdwn(result.hub.label)}*: ${parts.join('; ')}.` };
      }
      default:
        return result;
    }
  },
}));
