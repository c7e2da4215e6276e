import { askOwnership } from '../../../services/hub-setup/claims.js';
import { askAnswerText } from '../../blocks/owner-claim.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { onHubForm } from './hub-form.js';

/** "Ask" in the claim modal of `/hub owners`: the request goes to the hub's owners and admins. */
export const ownerClaimSubmission = onHubForm((ctx) => ({
  command: '/hub owners',
  parse: () => ({ ok: true, input: {} }),
  async decide(actor, hubId) {
    const result = await askOwnership(ctx, actor.slackUserId, hubId);
    if (result.status === 'not_found') return result;
    const text = askAnswerText(result)
      ?? `Asked. The owners and Hubkeeper admins of *${escapeMrkdwn(result.hub.label)}* decide; your direct message with Hubkeeper shows their answer.`;
    return { status: 'notice', title: result.status === 'asked' ? 'Request sent' : 'Nothing sent', text };
  },
}));
