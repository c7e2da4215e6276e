import type { Owner } from '../../services/hub-setup/owners.js';
import { encodeHubContext } from '../forms/hub-metadata.js';
import { OwnerFields as F, Views } from '../ids.js';
import { context, escapeMrkdwn, mrkdwn, plain, section, slackDate } from './text.js';

/** Why someone owns a hub, in words. */
export function ownerReason(owner: Owner): string {
  switch (owner.source) {
    case 'connected': return `connected the hub ${slackDate(owner.createdAt, '{date_short}')}`;
    case 'matched': return 'matched to a member of the hub as Owner';
    case 'added': return `added by <@${owner.addedBy}> ${slackDate(owner.createdAt, '{date_short}')}`;
    case 'claimed': return `claimed as a Meta admin, approved by <@${owner.addedBy}> ${slackDate(owner.createdAt, '{date_short}')}`;
  }
}

/** The same in at most Slack's 75 characters of an option description: no date. */
function shortReason(owner: Owner): string {
  switch (owner.source) {
    case 'connected': return 'connected the hub';
    case 'matched': return 'matched as Owner';
    case 'added': return `added by <@${owner.addedBy}>`;
    case 'claimed': return `claimed, approved by <@${owner.addedBy}>`;
  }
}

/** `/hub owners`: who owns the hub and why; add people, or tick owners to remove (one always stays). */
export function ownersModal(hub: { id: string; label: string }, owners: Owner[]) {
  const shown = owners.slice(0, 50);
  const lines = shown.map((owner) => `• <@${owner.slackUserId}> — ${ownerReason(owner)}`).join('\n');
  const more = owners.length > shown.length ? `\n…and ${owners.length - shown.length} more` : '';
  // Checkbox options may be mrkdwn, so each shows the person, not their id.
  const removable = shown.map((owner) => ({ text: mrkdwn(`<@${owner.slackUserId}>`), value: owner.slackUserId, description: mrkdwn(shortReason(owner)) }));
  return {
    type: 'modal' as const,
    callback_id: Views.hubOwners,
    private_metadata: encodeHubContext({ hubId: hub.id }),
    title: plain('Hub owners', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`*Owners of ${escapeMrkdwn(hub.label)}* approve removals and get its reports:\n${lines || 'nobody yet'}${more}`),
      {
        type: 'input',
        optional: true,
        block_id: F.add.block,
        label: plain('Add owners'),
        hint: plain('Slack guests cannot own a hub.'),
        element: { type: 'multi_users_select', action_id: F.add.action, max_selected_items: 10, placeholder: plain('Choose people') },
      },
      ...(removable.length
        ? [{
          type: 'input',
          optional: true,
          block_id: F.remove.block,
          label: plain('Remove owners'),
          element: { type: 'checkboxes', action_id: F.remove.action, options: removable.slice(0, 10) },
        }]
        : []),
      context('A hub always keeps at least one owner. Every change is in `/hub audit`.'),
    ],
  };
}
