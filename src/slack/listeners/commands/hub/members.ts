import { parseMembersArgs } from '../../../../domain/member-list.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import { memberListReply } from '../../../../services/members/list-redraw.js';
import type { Subcommand } from './types.js';

/** `/hub members [hub] [list]` (the lists of domain/member-list.ts): a paged list with actions per member. */
export const membersSubcommand: Subcommand = async ({ ctx, userId, args }) => {
  const { hubName, filter } = parseMembersArgs(args);
  const hub = await pickHub(ctx, hubName, `/hub members`);
  await requirePermission(ctx, userId, 'member.view', hub);
  return memberListReply(ctx, hub, { hubId: hub.id, filter, page: 0 }, userId);
};
