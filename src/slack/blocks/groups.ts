import { roleLabel } from '../../domain/invitations.js';
import { plural } from '../../domain/wording.js';
import type { GroupMapping } from '../../services/access/group-mappings.js';
import { encodeHubContext } from '../forms/hub-metadata.js';
import { Actions, GroupFields as F, GroupListBlocks, Views } from '../ids.js';
import { roleSelect } from './role-options.js';
import { context, escapeMrkdwn, plain, section, slackDate } from './text.js';

type Hub = { id: string; label: string };

/** `/hub groups`: the IdP groups mapped to a hub, each with Remove, and Add. */
export function groupsListMessage(hub: Hub, mappings: readonly GroupMapping[]) {
  const label = escapeMrkdwn(hub.label);
  const rows = mappings.slice(0, 40).map((m) => {
    const name = `*${escapeMrkdwn(m.groupName)}*${m.groupDeleted ? ' (deleted in your identity provider)' : ''}`;
    return {
      type: 'section',
      block_id: `${GroupListBlocks.mappingPrefix}${m.id}`,
      text: { type: 'mrkdwn', text: `${name} → ${roleLabel(m.metaRole)} · ${plural(m.people, 'person', 'people')}\nMapped by <@${m.createdBy}> ${slackDate(m.createdAt)}` },
      accessory: {
        type: 'button', action_id: Actions.groupsRemove, style: 'danger', text: plain('Remove', 75), value: `${m.id}|${hub.id}`,
        confirm: {
          title: plain('Remove this mapping?', 100),
          text: plain(`People who join ${m.groupName} will no longer be invited to ${hub.label}, and invitations from it not yet sent are cancelled. Nobody loses access.`, 300),
          confirm: plain('Remove', 30), deny: plain('Keep it', 30),
        },
      },
    };
  });
  const text = mappings.length
    ? `IdP groups mapped to ${hub.label}: ${mappings.map((m) => `${m.groupName} (${roleLabel(m.metaRole)})`).join(', ')}`
    : `No identity-provider groups are mapped to ${hub.label} yet.`;
  return {
    text,
    blocks: [
      section(mappings.length ? `*Identity-provider groups mapped to ${label}*` : `No identity-provider groups are mapped to *${label}* yet.`),
      ...rows,
      ...(mappings.length > rows.length ? [context(`…and ${mappings.length - rows.length} more.`)] : []),
      context('People added to a mapped group are invited with its role; people removed from it (or deactivated) go on the deprovision report for the owners to decide.'),
      { type: 'actions', block_id: GroupListBlocks.add, elements: [{ type: 'button', action_id: Actions.groupsAdd, style: 'primary', text: plain('Add a group', 75), value: hub.id }] },
    ],
  };
}

/** Add: pick a group (search) and the Meta role its people get. */
export function mapGroupModal(hub: Hub, listUrl: string | undefined) {
  const current = { text: plain("Also invite the group's current members who are not in the hub yet"), value: 'yes' };
  return {
    type: 'modal' as const,
    callback_id: Views.mapGroup,
    private_metadata: encodeHubContext({ hubId: hub.id, listUrl }),
    title: plain('Map a group', 24),
    submit: plain('Map group', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`People added to the group get an invitation to *${escapeMrkdwn(hub.label)}* with this role; people removed from it go on the deprovision report.`),
      {
        type: 'input',
        block_id: F.group.block,
        label: plain('Group in your identity provider'),
        element: { type: 'external_select', action_id: F.group.action, min_query_length: 1, placeholder: plain('Search groups by name') },
        hint: plain('Groups your identity provider pushes to Hubkeeper over SCIM.'),
      },
      roleSelect(F.role, 'Role in Meta'),
      { type: 'input', block_id: F.inviteCurrent.block, optional: true, label: plain('Current members'), element: { type: 'checkboxes', action_id: F.inviteCurrent.action, options: [current] } },
    ],
  };
}
