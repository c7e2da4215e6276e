import type { Actor } from '../../domain/permissions.js';
import type { AppContext } from '../../context.js';
import { ownedHubIds } from './hubs.js';

const ADMIN_CACHE_MS = 5 * 60_000;
const adminCache = new Map<string, { isAdmin: boolean; until: number }>();

// A person is waiting: Slack is asked with the interactive client (2.5 s, one retry), never the patient one.
type Deps = Pick<AppContext, 'db' | 'slackInteractive' | 'config' | 'logger'>;

/** Whether Slack says this person is a workspace admin or owner, or the config names them; cached briefly. */
export async function isAdmin(deps: Omit<Deps, 'db'>, slackUserId: string): Promise<boolean> {
  if (deps.config.ADMIN_SLACK_USER_IDS.includes(slackUserId)) return true;
  const cached = adminCache.get(slackUserId);
  if (cached && cached.until > Date.now()) return cached.isAdmin;
  try {
    const { user } = await deps.slackInteractive.users.info({ user: slackUserId });
    const admin = Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    adminCache.set(slackUserId, { isAdmin: admin, until: Date.now() + ADMIN_CACHE_MS });
    return admin;
  } catch (error) {
    deps.logger.warn('users.info failed; treating the user as not an admin', { slackUserId, error });
    return false;
  }
}

export async function resolveActor(deps: Deps, slackUserId: string): Promise<Actor> {
  const [admin, owned] = await Promise.all([isAdmin(deps, slackUserId), ownedHubIds(deps.db, slackUserId)]);
  return { slackUserId, isAdmin: admin, ownedHubIds: owned };
}

/** The admins a refusal can point to (configured ones; Slack's own admins are found in the workspace). */
export function adminMentions(config: AppContext['config']): string {
  const ids = config.ADMIN_SLACK_USER_IDS;
  return ids.length ? ids.map((id) => `<@${id}>`).join(', ') : 'your Slack workspace admins';
}
