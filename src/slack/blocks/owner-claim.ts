import type { ClaimView } from '../../services/hub-setup/claim-messages.js';
import type { AskResult, ClaimOffer, DecideResult } from '../../services/hub-setup/claims.js';
import { HUB_GONE } from '../../domain/wording.js';
import { encodeHubContext } from '../forms/hub-metadata.js';
import { Actions, Views } from '../ids.js';
import { context, escapeMrkdwn, plain, section, slackDate } from './text.js';

const whoAdmin = (admin: ClaimView['admin']) =>
  admin ? `*${escapeMrkdwn(admin.name ?? admin.email ?? 'a member')}*${admin.email && admin.name ? ` (${escapeMrkdwn(admin.email)})` : ''}` : 'a member';

/** What became of a claim, in words; undefined while it waits. */
function outcome(view: ClaimView): string | undefined {
  const { claim } = view;
  if (claim.status === 'pending' || !claim.decidedBy || !claim.decidedAt) return undefined;
  const verb = claim.status === 'approved' ? ':white_check_mark: Approved' : ':no_entry_sign: Declined';
  return `${verb} by <@${claim.decidedBy}> ${slackDate(claim.decidedAt)}.`;
}

/** A claim's direct message: the claimant sees it wait and then its outcome; a decider gets Approve / Decline until decided. */
export function ownerClaimMessage(view: ClaimView, role: 'claimant' | 'decider') {
  const { claim, hub } = view;
  const label = escapeMrkdwn(hub.label);
  const done = outcome(view);
  if (role === 'claimant') {
    const text = claim.status === 'pending'
      ? `You asked to become an owner of *${label}*. Its owners and Hubkeeper admins were asked; this message shows their answer.`
      : claim.status === 'approved'
        ? `You are now an owner of *${label}*: you approve its removals and get its reports.`
        : `Your request to become an owner of *${label}* was declined. Ask one of its owners if you think that is a mistake.`;
    return { text, blocks: [section(text), ...(done ? [context(done)] : [context(`Asked ${slackDate(claim.createdAt)}.`)])] };
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
    case 'not_found': return HUB_GONE;
  }
}

/** What a decider who clicked is told when the click did not decide (the message itself shows a decision). */
export function decideAnswerText(result: Exclude<DecideResult, { status: 'refused' }>, userId: string): string | undefined {
  switch (result.status) {
    case 'decided': return undefined;
    case 'not_found': return 'That request no longer exists.';
    case 'conflict': {
      const { claim } = result;
      const who = claim.decidedBy === userId ? 'You' : `<@${claim.decidedBy}>`;
      return `Nothing changed: ${who} already ${claim.status} this request${claim.decidedAt ? ` ${slackDate(claim.decidedAt)}` : ''}.`;
    }
  }
}
