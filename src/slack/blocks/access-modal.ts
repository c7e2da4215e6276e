import { assetNoun, canRemovePartnerFrom, canRevoke, describeTasks, isHeldPermission, OFFERED_TASKS, taskLabel, type AssetKind } from '../../domain/asset-access.js';
import { plural } from '../../domain/wording.js';
import type { AccessView, Holding } from '../../services/access/asset-access.js';
import type { ListedMember } from '../../services/members/members.js';
import { encodeAssetContext, type AssetModalContext } from '../forms/asset-forms.js';
import { Actions, AssetFields, Views } from '../ids.js';
import { memberHoldings, memberStatus, memberTitle } from './member-text.js';
import { context, escapeMrkdwn, linesWithin, plain, section } from './text.js';

type Hub = { id: string; label: string };

const assetName = (asset: { name: string | null; metaId: string }) => escapeMrkdwn(asset.name ?? asset.metaId);
const isPartner = (member: ListedMember) => member.kind === 'partner';
const who = (member: ListedMember) => escapeMrkdwn(member.name ?? member.email ?? member.metaId);

const isPartnerPerson = (member: ListedMember) => member.kind === 'partner_user';
const partnerName = (member: ListedMember) => (member.partner?.name ? `the partner *${escapeMrkdwn(member.partner.name)}*` : 'its partner business');

function holdingBlock(member: ListedMember, holding: Holding) {
  const line = `*${assetName(holding)}* · ${assetNoun(holding.kind)}\n${describeTasks(holding.tasks)}`;
  if (!isHeldPermission(holding.accessStatus)) {
    return section(`${line}\n_Pending: requested, still waiting for approval at Meta, so not access it holds yet._`);
  }
  if (isPartnerPerson(member)) return section(line);
  if (holding.keep) return section(line);
  const removable = isPartner(member) ? canRemovePartnerFrom(holding.kind) : canRevoke(holding.kind);
  if (!removable) return section(`${line}\n_Meta's API can't take a pixel away from one person; use Business settings → Data sources → Pixels._`);
  return {
    ...section(line),
    accessory: { type: 'button', action_id: Actions.assetRevoke, text: plain(isPartner(member) ? 'Remove' : 'Revoke', 75), style: 'danger', value: holding.assetId },
  };
}

/** A member's access asset by asset: Revoke per asset, and Grant access (people) or Remove partner (partners). */
export function accessModal(hub: Hub, view: AccessView, ctx: AssetModalContext, viewerId: string) {
  const { member, holdings, total } = view;
  const more = total > holdings.length ? [context(`…and ${total - holdings.length} more, not shown here.`)] : [];
  const none = holdings.length === 0 ? [section(isPartner(member) ? 'This partner has no access to assets of this hub in Meta.' : 'No assets assigned in Meta.')] : [];
  const actions = isPartnerPerson(member)
    ? []
    : isPartner(member)
      ? [{ type: 'button', action_id: Actions.partnerRemove, text: plain(`Remove partner from ${hub.label}`, 75), style: 'danger', value: member.id }]
      : [{ type: 'button', action_id: Actions.assetGrant, text: plain('Grant access…', 75), style: 'primary', value: member.id }];
  const through = isPartnerPerson(member)
    ? [context(`They reach these assets through ${partnerName(member)}, which manages its own people. To take access away, open the partner's Access in \`/hub members ${escapeMrkdwn(hub.label)} system\`.`)]
    : [];
  return {
    type: 'modal' as const,
    callback_id: Views.memberAccess,
    private_metadata: encodeAssetContext(ctx),
    title: plain('Access', 24),
    close: plain('Close', 24),
    blocks: [
      section(`${memberTitle(member)}\n${memberHoldings(member)}\n${memberStatus(member, viewerId)}`),
      { type: 'divider' },
      ...none,
      ...(view.itself ? [context("This is the system user Hubkeeper's access token belongs to: Hubkeeper works through its access, so it never takes that access away or reduces it. It can give it more.")] : []),
      ...holdings.map((holding) => holdingBlock(member, holding)),
      ...more,
      ...partnerPeople(view),
      ...through,
      ...(actions.length ? [{ type: 'actions', block_id: 'access_actions', elements: actions }] : []),
      context(`As of Meta's last check. Changes go to Meta now, and the outcome shows in the hub's channel.`),
    ],
  };
}

/** Under a partner: the people of it Meta lists on the hub's assets, or that Meta lists none. */
function partnerPeople(view: AccessView) {
  if (!view.people) return [];
  const count = view.member.partner?.people ?? view.people.length;
  if (count === 0) return [context("People of this partner reach these assets through it. Meta lists none of them on this hub's assets, so Hubkeeper can't name them.")];
  const names = view.people.map((p) => escapeMrkdwn(p.name ?? p.metaId)).join(', ');
  const more = count > view.people.length ? ` and ${plural(count - view.people.length, 'more')}` : '';
  return [context(`People of this partner Meta lists on this hub's assets (${count}): ${names}${more}. They reach these assets through it and lose them with it.`)];
}

const reasonInput = {
  type: 'input',
  block_id: AssetFields.reason.block,
  optional: true,
  label: plain('Reason (optional, for the audit log)'),
  element: { type: 'plain_text_input', action_id: AssetFields.reason.action, max_length: 500 },
};

/** Take one asset away from a person or a partner: says exactly what goes, and what stays. */
export function revokeModal(hub: Hub, member: ListedMember, holding: Holding, ctx: AssetModalContext) {
  const asset = `*${assetName(holding)}* (${assetNoun(holding.kind)})`;
  const partner = isPartner(member);
  const loses = partner
    ? `*${who(member)} loses:* ${describeTasks(holding.tasks)} on ${asset}. Its people lose it with it; its access to other assets stays.`
    : `*They lose:* ${describeTasks(holding.tasks)} on ${asset}.\nTheir role in ${escapeMrkdwn(hub.label)} and their other assets stay as they are.`;
  return {
    type: 'modal' as const,
    callback_id: Views.assetRevoke,
    private_metadata: encodeAssetContext(ctx),
    title: plain('Take access away', 24),
    submit: plain(partner ? 'Remove' : 'Revoke', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`Take ${asset} away from ${partner ? 'the partner ' : ''}*${who(member)}* in *${escapeMrkdwn(hub.label)}*?`),
      section(loses),
      context('Hubkeeper asks Meta now and posts the outcome in the hub’s channel. To give it back later, use Grant access.'),
      reasonInput,
    ],
  };
}

/** Remove a partner from the whole business: lists the access it loses. */
export function partnerRemoveModal(hub: Hub, view: AccessView, ctx: AssetModalContext) {
  const held = view.holdings.filter((h) => isHeldPermission(h.accessStatus));
  const waiting = view.holdings.length - held.length;
  const heading = `*It loses access to every asset of ${escapeMrkdwn(hub.label)}:*`;
  const lines = linesWithin(
    held.map((h) => `• ${assetNoun(h.kind)} *${assetName(h)}*: ${describeTasks(h.tasks)}`),
    3000 - heading.length - 1,
    view.total - view.holdings.length,
    (n) => `• …and ${n} more`,
  );
  return {
    type: 'modal' as const,
    callback_id: Views.partnerRemove,
    private_metadata: encodeAssetContext(ctx),
    title: plain('Remove partner', 24),
    submit: plain('Remove partner', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`Remove the partner *${who(view.member)}* from *${escapeMrkdwn(hub.label)}*?`),
      section(`${heading}\n${lines || '• none that Hubkeeper saw at the last check'}`),
      ...(waiting > 0 ? [context(`${plural(waiting, 'request')} of this partner ${waiting === 1 ? 'is' : 'are'} still waiting at Meta and ${waiting === 1 ? 'is' : 'are'} not access it holds, so ${waiting === 1 ? 'it is' : 'they are'} not listed.`)] : []),
      context('Its people lose that access with it. Hubkeeper asks Meta now and posts the outcome in the hub’s channel; the partner would have to be added again in Meta.'),
      reasonInput,
    ],
  };
}

const KIND_GROUPS: Record<AssetKind, string> = { ad_account: 'Ad accounts', page: 'Pages', pixel: 'Pixels', catalog: 'Catalogs' };

/** Grant access: an asset of the hub and the tasks on it (replacing what they hold on it, if anything). */
export function grantModal(hub: Hub, view: AccessView, ctx: AssetModalContext) {
  const groups = (Object.keys(KIND_GROUPS) as AssetKind[])
    .map((kind) => ({
      label: plain(KIND_GROUPS[kind], 75),
      options: view.assets.filter((a) => a.kind === kind).map((a) => ({ text: plain(a.name ?? a.metaId, 75), value: a.id })),
    }))
    .filter((group) => group.options.length > 0);
  return {
    type: 'modal' as const,
    callback_id: Views.assetGrant,
    private_metadata: encodeAssetContext(ctx),
    title: plain('Grant access', 24),
    submit: plain('Grant', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`Give *${who(view.member)}* access to an asset of *${escapeMrkdwn(hub.label)}*.`),
      {
        type: 'input',
        block_id: AssetFields.asset.block,
        label: plain('Asset'),
        element: { type: 'static_select', action_id: AssetFields.asset.action, placeholder: plain('Choose an asset'), option_groups: groups },
      },
      {
        type: 'input',
        block_id: AssetFields.tasks.block,
        label: plain('Tasks'),
        element: { type: 'checkboxes', action_id: AssetFields.tasks.action, options: OFFERED_TASKS.map((task) => ({ text: plain(taskLabel(task), 75), value: task })) },
        hint: plain("Meta takes the sets it names as roles, e.g. an ad account's Advertiser is Advertise and Analyze. If they already have the asset, these tasks replace theirs."),
      },
    ],
  };
}
