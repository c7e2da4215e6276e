import type { AppContext } from '../../context.js';

const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { members: Set<string>; until: number }>();

/**
 * Whether a person is in a channel (conversations.members, cached for a few minutes). When Slack won't say,
 * the answer is no: telling someone privately twice is better than not telling them.
 */
export async function isInChannel(deps: Pick<AppContext, 'slack' | 'logger'>, channel: string, userId: string): Promise<boolean> {
  const cached = cache.get(channel);
  if (cached && cached.until > Date.now()) return cached.members.has(userId);
  try {
    const members = new Set<string>();
    for await (const page of deps.slack.paginate('conversations.members', { channel, limit: 1000 })) {
      for (const id of (page as { members?: string[] }).members ?? []) members.add(id);
    }
    cache.set(channel, { members, until: Date.now() + CACHE_MS });
    return members.has(userId);
  } catch (error) {
    deps.logger.warn('conversations.members failed; telling the requester privately', { channel, error });
    return false;
  }
}
