import type { AppContext } from '../../context.js';
import type { ListPosition } from '../../domain/member-list.js';
import { getHub } from '../hub-setup/hubs.js';
import { listMembers } from './members.js';
import { postToResponseUrl } from '../../lib/slack-response-url.js';

/** The member list at a position, as the viewer sees it. */
export async function memberListReply(ctx: Pick<AppContext, 'db' | 'views'>, hub: { id: string; label: string }, position: ListPosition, viewerId: string) {
  const page = await listMembers(ctx.db, hub.id, position.filter, position.page);
  return ctx.views.membersList(hub, page, viewerId);
}

/** Redraws the list someone clicked in (through its response URL), after a decision changed it. */
export async function redrawMemberList(
  ctx: Pick<AppContext, 'db' | 'config' | 'logger' | 'views'>,
  listUrl: string | undefined,
  position: ListPosition | undefined,
  viewerId: string,
): Promise<void> {
  if (!listUrl || !position) return;
  const hub = await getHub(ctx.db, position.hubId);
  if (!hub) return;
  const reply = await memberListReply(ctx, hub, position, viewerId);
  await postToResponseUrl(ctx, listUrl, { replace_original: true, response_type: 'ephemeral', ...reply });
}
