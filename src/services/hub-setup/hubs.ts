import { and, asc, eq, sql } from 'drizzle-orm';
import { hubOwners, hubs } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { recordAudit } from '../audit/record.js';
import { UserFacingError } from '../../lib/errors.js';
import { seal, unseal } from './secrets.js';
import { checkWithMeta, connectorTimeZone } from './connection-check.js';
import { enqueueSyncTask, insertSyncTask } from '../sync/requests.js';
import { scheduleDailyCheck } from './schedules.js';
import { channelProblem } from './channel-check.js';
import { channelProblemText } from '../../domain/slack-errors.js';

export type Hub = typeof hubs.$inferSelect;
export type ConnectHubInput = {
  label: string;
  accessToken: string;
  businessId: string;
  appId: string;
  /** Only when the app requires an app secret proof; a reconnect without one keeps the stored secret. */
  appSecret?: string;
  loginMethod: 'sso' | 'password';
  channelId: string;
};

type Deps = Pick<AppContext, 'db' | 'queues' | 'config' | 'clock'>;
type ConnectDeps = Deps & Pick<AppContext, 'slackInteractive' | 'logger' | 'meta'>;

const UNIQUE_VIOLATION = '23505';

/** What a reconnect left as it was although the form said otherwise (it changes credentials and the channel only). */
export type KeptOnReconnect = Array<'label' | 'login method'>;

/**
 * Connects a hub: checks the token with Meta (the business, its people, the App ID) and that Hubkeeper can post
 * to its channel, both before anything is saved; seals the token, makes the connector its
 * first owner and queues the first check. Connecting a business that is already here is how a new token (and
 * app secret) gets in after the old one expired: that changes the credentials, and the channel when another
 * one was chosen (checked, and said), never the owners, the label or the login method; the answer names what
 * the form asked to change in vain.
 */
export async function connectHub(deps: ConnectDeps, input: ConnectHubInput, actorId: string) {
  const [known] = await deps.db.select().from(hubs).where(eq(hubs.businessId, input.businessId));
  const movesChannel = !known || known.channelId !== input.channelId;
  // A reconnect without a new app secret is checked with the stored one, which it keeps.
  const appSecret = input.appSecret ?? (known?.appSecretSealed ? unseal(known.appSecretSealed, deps.config.ENCRYPTION_KEY) : undefined);
  // Slack and Meta are asked at once, so the person hears within Slack's few seconds either way.
  const [problem, meta, timeZone] = await Promise.all([
    movesChannel ? channelProblem(deps, input.channelId) : undefined,
    checkWithMeta(deps, input, appSecret).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })),
    known ? undefined : connectorTimeZone(deps, actorId),
  ]);
  if (!meta.ok) throw meta.error;
  if (problem) throw new UserFacingError(channelProblemText(input.channelId, problem), 'channel');
  const credentials = {
    appId: input.appId,
    appIdCheck: meta.value.appIdCheck,
    // A new token may belong to another system user; unknown until the first check for updates asks again.
    tokenUserId: meta.value.tokenUserId,
    credentialsChangedAt: deps.clock(),
    accessTokenSealed: seal(input.accessToken, deps.config.ENCRYPTION_KEY),
    ...(input.appSecret ? { appSecretSealed: seal(input.appSecret, deps.config.ENCRYPTION_KEY) } : {}),
  };
  const { hub, taskId, reconnected } = await deps.db
    .transaction(async (tx) => {
      const [existing] = await tx.select({ id: hubs.id }).from(hubs).where(eq(hubs.businessId, input.businessId)).for('update');
      // A channel just checked is fine again, whatever broke before.
      const channel = movesChannel ? { channelId: input.channelId, channelBrokenAt: null, channelBrokenError: null } : {};
      const [hub] = existing
        ? await tx.update(hubs).set({ ...credentials, ...channel, status: 'active', updatedAt: deps.clock() }).where(eq(hubs.id, existing.id)).returning()
        : await tx.insert(hubs).values({
          ...credentials, label: input.label, businessId: input.businessId, loginMethod: input.loginMethod, channelId: input.channelId, connectedBy: actorId,
          dailySyncTz: timeZone ?? 'UTC',
        }).returning();
      const reconnected = existing !== undefined;
      if (!reconnected) await tx.insert(hubOwners).values({ hubId: hub!.id, slackUserId: actorId, source: 'connected' }).onConflictDoNothing();
      const task = await insertSyncTask(tx, hub!.id, actorId, hub!.channelId);
      await recordAudit(tx, {
        actor: actorId,
        action: reconnected ? 'hub.reconnected' : 'hub.connected',
        hubId: hub!.id,
        taskId: task.id,
        detail: reconnected
          ? { businessId: input.businessId, appId: input.appId, appIdCheck: meta.value.appIdCheck, appSecret: input.appSecret ? 'replaced' : 'kept', ...(movesChannel ? { channel: { from: known?.channelId, to: input.channelId } } : {}) }
          : { label: input.label, businessId: input.businessId, appId: input.appId, loginMethod: input.loginMethod, dailySyncTz: hub!.dailySyncTz },
      });
      return { hub: hub!, taskId: task.id, reconnected };
    })
    .catch((error: unknown) => {
      throw duplicateToUserError(error) ?? error;
    });
  await enqueueSyncTask(deps, taskId);
  await scheduleDailyCheck(deps, hub);
  const kept: KeptOnReconnect = !reconnected ? [] : [
    ...(input.label !== hub.label ? ['label' as const] : []),
    ...(input.loginMethod !== hub.loginMethod ? ['login method' as const] : []),
  ];
  const movedFrom = reconnected && movesChannel ? known?.channelId : undefined;
  return { hub, taskId, reconnected, kept, movedFrom };
}

function duplicateToUserError(error: unknown): UserFacingError | undefined {
  const pg = (error as { cause?: { code?: string; constraint_name?: string } }).cause ?? (error as { code?: string; constraint_name?: string });
  if (pg?.code !== UNIQUE_VIOLATION) return undefined;
  return new UserFacingError('A hub with this label already exists. Choose another label.', 'label');
}

export async function listHubs(db: Deps['db']): Promise<Hub[]> {
  return db.select().from(hubs).orderBy(asc(sql`lower(${hubs.label})`));
}

export async function getHub(db: Deps['db'], hubId: string): Promise<Hub | undefined> {
  const [hub] = await db.select().from(hubs).where(eq(hubs.id, hubId));
  return hub;
}

export async function ownedHubIds(db: Deps['db'], slackUserId: string): Promise<Set<string>> {
  const rows = await db.select({ hubId: hubOwners.hubId }).from(hubOwners).where(eq(hubOwners.slackUserId, slackUserId));
  return new Set(rows.map((row) => row.hubId));
}

export async function hubOwnerIds(db: Deps['db'], hubId: string): Promise<string[]> {
  const rows = await db.select({ id: hubOwners.slackUserId }).from(hubOwners).where(and(eq(hubOwners.hubId, hubId)));
  return rows.map((row) => row.id);
}

export async function markTokenInvalid(db: Deps['db'], hubId: string, at: Date): Promise<void> {
  await db.update(hubs).set({ status: 'token_invalid', updatedAt: at }).where(eq(hubs.id, hubId));
}
