import { plural } from '../../domain/wording.js';
import type { CampaignFormInput } from '../../domain/access-review.js';
import { encodeHubContext } from '../forms/hub-metadata.js';
import { encodeReviewConfirm } from '../forms/review-form.js';
import { ReviewFields as F, RoleFields, Views } from '../ids.js';
import { roleSelect } from './role-options.js';
import { context, escapeMrkdwn, plain, section } from './text.js';

const KINDS: Record<string, string> = { ad_account: 'Ad account', page: 'Page', pixel: 'Pixel', catalog: 'Catalog' };
const radio = (value: string, label: string, hint: string) => ({ text: plain(label, 75), value, description: plain(hint, 75) });

export type ScopeAsset = { id: string; kind: string; name: string | null; holders: number };

/** `/hub review`: who is reviewed, who reviews, until when, and whether unkept access is removed at the deadline. */
export function reviewModal(hub: { id: string; label: string }, assets: readonly ScopeAsset[], defaultDeadline: string) {
  const scopes = [
    radio('all', 'All members', 'Everyone with access: people and pending invitations'),
    radio('admins', 'Members with the Admin role', 'Only those who can change the business itself'),
    ...(assets.length ? [radio('asset', 'Holders of one asset', 'Choose the asset below')] : []),
  ];
  const reviewers = [
    radio('owners', 'The owners of the hub', 'Every owner gets one card with everyone in scope'),
    radio('managers', "Each person's manager", "From the directory's manager; the owners when none is known"),
  ];
  const assetOptions = assets.map((asset) => ({
    text: plain(`${KINDS[asset.kind] ?? asset.kind}: ${asset.name ?? 'unnamed'}`, 75),
    value: asset.id,
    description: plain(plural(asset.holders, 'holder'), 75),
  }));
  return {
    type: 'modal' as const,
    callback_id: Views.reviewStart,
    private_metadata: encodeHubContext({ hubId: hub.id }),
    title: plain('Access review', 24),
    submit: plain('Start review', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`Ask reviewers whether each person in *${escapeMrkdwn(hub.label)}* still needs their access. Each reviewer gets one card by direct message; a tracker in the hub's channel shows progress.`),
      { type: 'input', block_id: F.scope.block, label: plain('Who is reviewed'), element: { type: 'radio_buttons', action_id: F.scope.action, options: scopes, initial_option: scopes[0] } },
      ...(assets.length ? [{
        type: 'input', block_id: F.assetId.block, optional: true, label: plain('Asset (for holders of one asset)'),
        element: { type: 'static_select', action_id: F.assetId.action, placeholder: plain('Choose an asset'), options: assetOptions },
      }] : []),
      { type: 'input', block_id: F.reviewers.block, label: plain('Who reviews'), element: { type: 'radio_buttons', action_id: F.reviewers.action, options: reviewers, initial_option: reviewers[0] } },
      { type: 'input', block_id: F.deadlineDate.block, label: plain('Last day of the review'), hint: plain('Reviewers are reminded in the last three days. At the end of this day, people nobody reviewed are escalated to the owners.'),
        element: { type: 'datepicker', action_id: F.deadlineDate.action, initial_date: defaultDeadline } },
      { type: 'input', block_id: F.removeUnkept.block, optional: true, label: plain('At the deadline'),
        element: { type: 'checkboxes', action_id: F.removeUnkept.action, options: [{ text: plain('Remove whoever was not kept', 75), value: 'yes', description: plain('Off: nobody is removed without a decision. On: you confirm the count next.', 75) }] } },
    ],
  };
}

/** The second step when "remove whoever was not kept" is on: the exact count, ticked to confirm. */
export function reviewConfirmModal(hub: { id: string; label: string }, input: CampaignFormInput, count: number) {
  const who = plural(count, 'person', 'people');
  return {
    type: 'modal' as const,
    callback_id: Views.reviewConfirm,
    private_metadata: encodeReviewConfirm({ hubId: hub.id, input, count }),
    title: plain('Confirm removals', 24),
    submit: plain('Start review', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`:warning: This review can remove up to *${who}* from *${escapeMrkdwn(hub.label)}*: at the deadline, every one of them that no reviewer kept goes on the deprovision report and is removed from Meta (the removal safeguard still applies). System users, partner businesses and exempted members are reviewed too, but never removed this way.`),
      { type: 'input', block_id: F.confirm.block, label: plain('Confirm'), element: { type: 'checkboxes', action_id: F.confirm.action, options: [{ text: plain(`Remove up to ${who} not kept at the deadline`, 75), value: String(count) }] } },
      context('Nothing starts until you confirm. Cancel to go back without starting a review.'),
    ],
  };
}

/** Change role on a review card: one of Meta's roles, starting on their current one. */
export function reviewRoleModal(item: { id: string; name: string | null; email: string | null; metaRole: string | null }, hubLabel: string) {
  return {
    type: 'modal' as const,
    callback_id: Views.reviewRole,
    private_metadata: JSON.stringify({ i: item.id }),
    title: plain('Change role', 24),
    submit: plain('Change role', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`The role of *${escapeMrkdwn(item.name ?? item.email ?? 'this member')}* in *${escapeMrkdwn(hubLabel)}*. Hubkeeper changes it in Meta and records your review decision.`),
      roleSelect(RoleFields.role, 'New role', item.metaRole),
    ],
  };
}
