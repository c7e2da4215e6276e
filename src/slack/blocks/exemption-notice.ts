import type { Member } from '../../services/members/members.js';
import { plural } from '../../domain/wording.js';
import { Actions } from '../ids.js';
import { decider, memberTitle } from './member-text.js';
import { context, escapeMrkdwn, plain, section, slackDate } from './text.js';

const SHOWN = 10;

/** The owners' notice that exemptions ran out: who, who had exempted them and why, and a way to review. */
export function exemptionsExpiredMessage(hub: { id: string; label: string }, expired: Member[]) {
  const lines = expired.slice(0, SHOWN).map((member) => {
    const by = member.exemptedBy ? ` — exempted by ${decider(member.exemptedBy)}${member.exemptedAt ? ` ${slackDate(member.exemptedAt, '{date_short}')}` : ''}` : '';
    return `• ${memberTitle(member)}${by}: “${escapeMrkdwn(member.exemptionReason ?? '')}”`;
  });
  if (expired.length > SHOWN) lines.push(`• …and ${expired.length - SHOWN} more`);
  const lead = `The exemption of ${plural(expired.length, 'member')} of *${escapeMrkdwn(hub.label)}* ended, so ${expired.length === 1 ? 'they are' : 'they are all'} back in review:`;
  return {
    text: `The exemption of ${plural(expired.length, 'member')} of ${escapeMrkdwn(hub.label)} ended; they are back in review.`,
    blocks: [
      section(`:alarm_clock: ${lead}\n${lines.join('\n')}`),
      context('Match them, exempt them again, or remove them.'),
      {
        type: 'actions',
        block_id: 'exemptions_expired_actions',
        elements: [{ type: 'button', action_id: Actions.membersReview, text: plain('Review unmatched'), value: hub.id }],
      },
    ],
  };
}
