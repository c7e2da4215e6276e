import type { ClaimView } from '../../services/hub-setup/claim-messages.js';
import type { AskResult, ClaimOffer, DecideResult, DeclineWait } from '../../services/hub-setup/claims.js';
import { ASK_AGAIN_AFTER_DAYS, CLAIM_EXPIRES_DAYS } from '../../domain/owners.js';
import { HUB_GONE, plural } from '../../domain/wording.js';
import { encodeHubContext } from '../forms/hub-metadata.js';
import { Actions, Views } from '../ids.js';
import { context, escapeMrkdwn, plain, section, slackDate } from './text.js';

const whoAdmin = (admin: ClaimView['admin']) =>
  admin ? `*${escapeMrkdwn(admin.name ?? admin.email ?? 'a member')}*${admin.email && admin.name ? ` (${escapeMrkdwn(admin.email)})` : ''}` : 'a member';

/** What became of a claim, in words; undefined while it waits. */
function outcome(view: ClaimView): string | undefined {
  const { claim } = view;
  if (claim.status === 'expired') return `:hourglass: Expired ${slackDate(view.expiresAt)}: nobody decided it within ${plural(CLAIM_EXPIRES_DAYS, 'day')}.`;
  if (claim.status === 'pending' || !claim.decidedBy || !claim.decidedAt) return undefined;
  const verb = claim.status === 'approved' ? ':white_check_mark: Approved' : ':no_entry_sign: Declined';
  return `${verb} by <@${claim.decidedBy}> ${slackDate(claim.decidedAt)}.`;
}

function claimantText(view: ClaimView, label: string): string {
  switch (view.claim.status) {
    case 'pending': return `You asked to become an owner of *${label}*. Its owners and Hubkeeper admins were asked; this message shows their answer.`;
    case 'approved': return `You are now an owner of *${label}*: you approve its removals and get its reports.`;
    case 'expired': return `Your request to become an owner of *${label}* expired before anyone decided it. You can ask again with \`/hub owners\`.`;
    case 'declined': {
      const again = view.askAgainAt ? ` You can ask again from ${slackDate(view.askAgainAt)}.` : '';
      return `Your request to become an owner of *${label}* was declined. Ask one of its owners if you think that is a mistake.${again}`;
    }
  }
}

/** A claim's direct message: the claimant sees it wait and then its outcome; a decider gets Approve / Decline until decided. */
export function ownerClaimMessage(view: ClaimView, role: 'claimant' | 'decider') {
  const { claim, hub } = view;
  const label = escapeMrkdwn(hub.label);
  const done = outcome(view);
  if (role === 'claimant') {
    const text = claimantText(view, label);
    return { text, blocks: [section(text), context(done ?? `Asked ${slackDate(claim.createdAt)}; it expires ${slackDate(view.expiresAt)} if nobody decides it by then.`)] };
  }
  const text = `<@${claim.claimantId}> asks to become an owner of *${label}*. They are matched to ${whoAdmin(view.admin)}, an Admin of the business at Meta.`;
  return {
    text: `${done ? '' : 'Decide: '}<@${claim.claimantId}> asks to become an owner of ${label}.`,
    blocks: [
      section(text),
      done
        ? context(done)
        : {
          type: 'actions' as const,
          block_id: `owner_claim_${claim.id}`,
          elements: [
            { type: 'button' as const, action_id: Actions.ownerClaimApprove, text: plain('Approve', 75), value: claim.id, style: 'primary' as const },
            { type: 'button' as const, action_id: Actions.ownerClaimDecline, text: plain('Decline', 75), value: claim.id },
          ],
        },
    ],
  };
}

/** `/hub owners` for someone who doesn't own the hub but is matched to one of its Meta admins. */
export function ownerClaimModal(offer: ClaimOffer) {
  const label = escapeMrkdwn(offer.hub.label);
  return {
    type: 'modal' as const,
    callback_id: Views.ownerClaim,
    private_metadata: encodeHubContext({ hubId: offer.hub.id }),
    title: plain('Hub owners', 24),
    submit: plain('Ask', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`You don't own *${label}*, but your directory account is matched to ${whoAdmin(offer.admin)}, an Admin of the business at Meta.`),
      section('*Ask to become an owner?* Owners approve removals and get the hub\'s reports. Its owners and Hubkeeper admins decide; you get a direct message with their answer.'),
    ],
  };
}

/** The Home tab's lines for hubs the viewer may ask to own (or has asked to). */
export function homeClaimBlocks(offers: readonly ClaimOffer[]) {
  return offers.slice(0, 10).flatMap((offer) => {
    const label = escapeMrkdwn(offer.hub.label);
    if (offer.pending) return [section(`*${label}*: you asked to become an owner ${slackDate(offer.pending.createdAt)}; its owners and admins decide.`)];
    if (offer.wait) return [section(`*${label}*: your request to become an owner was declined ${slackDate(offer.wait.declinedAt)}; you can ask again from ${slackDate(offer.wait.askAgainAt)}.`)];
    return [
      section(`*${label}*: you are matched to an Admin of the business at Meta, so you can ask to become an owner.`),
      {
        type: 'actions' as const,
        block_id: `home_claim_${offer.hub.id}`,
        elements: [{ type: 'button' as const, action_id: Actions.homeClaimOwner, text: plain('Ask to become an owner', 75), value: offer.hub.id }],
      },
    ];
  });
}

/** What the person who asked is told at once (the request itself answers by direct message when it went out). */
export function askAnswerText(result: AskResult): string | undefined {
  switch (result.status) {
    case 'asked': return undefined;
    case 'already_asked': return `You already asked to become an owner of *${escapeMrkdwn(result.hub.label)}* ${slackDate(result.claim.createdAt)}; its owners and Hubkeeper admins decide, and your direct message shows their answer.`;
    case 'refused': return `${result.reason.replace(/\.$/, '')} (*${escapeMrkdwn(result.hub.label)}*).`;
    case 'too_soon': return tooSoonText(result.hub, result.wait);
    case 'not_found': return HUB_GONE;
  }
}

/** Someone asks again too soon after a decline: when it was, and from when they may ask again. */
export function tooSoonText(hub: { label: string }, wait: DeclineWait): string {
  return `Your request to become an owner of *${escapeMrkdwn(hub.label)}* was declined ${slackDate(wait.declinedAt)}. `
    + `After a decline you can ask again ${plural(ASK_AGAIN_AFTER_DAYS, 'day')} later: from ${slackDate(wait.askAgainAt)}.`;
}

/** What a decider who clicked is told when the click did not decide (the message itself shows a decision). */
export function decideAnswerText(result: Exclude<DecideResult, { status: 'refused' }>, userId: string): string | undefined {
  switch (result.status) {
    case 'decided': return undefined;
    case 'not_found': return 'That request no longer exists.';
    case 'expired': return `Nothing changed: this request expired ${slackDate(result.claim.decidedAt ?? result.claim.createdAt)}, as nobody decided it within ${plural(CLAIM_EXPIRES_DAYS, 'day')}. <@${result.claim.claimantId}> can ask again.`;
    case 'no_longer_admin': return `<@${result.claim.claimantId}> is no longer matched to an Admin of *${escapeMrkdwn(result.hub.label)}* at Meta: no Admin in Meta's last check for updates has their active directory account. Nothing changed; decline the request, or add them with \`/hub owners\`.`;
    case 'conflict': {
      const { claim } = result;
      const who = claim.decidedBy === userId ? 'You' : `<@${claim.decidedBy}>`;
      return `Nothing changed: ${who} already ${claim.status} this request${claim.decidedAt ? ` ${slackDate(claim.decidedAt)}` : ''}.`;
    }
  }
}
