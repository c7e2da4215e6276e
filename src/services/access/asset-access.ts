import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { assets, hubs, memberAssets, members, tasks } from '../../../db/schema.js';
import type { DbOrTx, Transaction } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import {
  canRemovePartnerFrom, canRevoke, checkGrant, describeTasks, holdsAssets, isHeldPermission, isHubkeeperItself, whyNotChangeOwnAccess, type AssetKind,
} from '../../domain/asset-access.js';
import { describeHoldings } from '../../domain/member-actions.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { isUuid } from '../../lib/text.js';
import { recordAudit } from '../audit/record.js';
import type { Hub } from '../hub-setup/hubs.js';
import { getMember, type ListedMember } from '../members/members.js';
import { dispatch } from '../tasks/dispatch.js';
import { assetAccessInputSchema, type AssetAccessInput, type AssetOp } from './asset-access-input.js';

export { assetAccessInputSchema, type AssetAccessInput, type AssetOp };

/**
 * One asset a member holds, with the tasks they hold on it; a partner's carries Meta's access_status; `keep`: why
 * Hubkeeper won't take it away, if it won't.
 */
export type Holding = { assetId: string; metaId: string; kind: AssetKind; name: string | null; tasks: string[]; accessStatus: string | null; keep?: string | undefined };
/** An asset of the hub a person could be given. */
export type HubAsset = { id: string; kind: AssetKind; name: string | null; metaId: string };

/** Most holdings an access view lists (a modal holds at most 100 blocks). */
export const ACCESS_VIEW_LIMIT = 40;

/**
 * `people`: for a partner, the people of it Meta lists on the hub's assets (at most PEOPLE_SHOWN). `itself`: the
 * member is the system user Hubkeeper's token belongs to, whose access Hubkeeper never takes away.
 */
export type AccessView = {
  member: ListedMember; holdings: Holding[]; total: number; assets: HubAsset[]; itself: boolean;
  people?: Array<{ name: string | null; metaId: string }>;
};

const PEOPLE_SHOWN = 10;

/** What a member holds asset by asset, and (for people) the hub's assets they could be given. */
export async function accessView(db: DbOrTx, hubId: string, memberId: string): Promise<AccessView | undefined> {
  const member = await getMember(db, hubId, memberId);
  if (!member) return undefined;
  const [hub] = await db.select({ tokenUserId: hubs.tokenUserId }).from(hubs).where(eq(hubs.id, hubId));
  const all = await holdingsOf(db, member.id);
  const people = member.kind === 'partner'
    ? await db
        .select({ name: members.name, metaId: members.metaId })
        .from(members)
        .where(and(eq(members.hubId, hubId), eq(members.kind, 'partner_user'), eq(members.partnerMetaId, member.metaId), isNull(members.goneAt)))
        .orderBy(asc(sql`lower(coalesce(${members.name}, ''))`), asc(members.metaId))
        .limit(PEOPLE_SHOWN)
    : undefined;
  const hubAssets = member.kind === 'partner' || member.kind === 'partner_user'
    ? []
    : await db
        .select({ id: assets.id, kind: assets.kind, name: assets.name, metaId: assets.metaId })
        .from(assets)
        .where(and(eq(assets.hubId, hubId), isNull(assets.goneAt)))
        .orderBy(asc(assets.kind), asc(assets.name))
        .limit(100);
  const itself = isHubkeeperItself(member.metaId, hub?.tokenUserId);
  const holdings = all.slice(0, ACCESS_VIEW_LIMIT).map((h) => (itself ? { ...h, keep: whyNotChangeOwnAccess(h.kind, h.tasks) } : h));
  return { member, holdings, total: all.length, assets: hubAssets, itself, ...(people ? { people } : {}) };
}

async function holdingsOf(db: DbOrTx, memberId: string): Promise<Holding[]> {
  return db
    .select({ assetId: assets.id, metaId: assets.metaId, kind: assets.kind, name: assets.name, tasks: memberAssets.tasks, accessStatus: memberAssets.accessStatus })
    .from(memberAssets)
    .innerJoin(assets, eq(assets.id, memberAssets.assetId))
    .where(and(eq(memberAssets.memberId, memberId), isNull(assets.goneAt)))
    .orderBy(asc(assets.kind), asc(assets.name));
}

export type AssetChange = { op: AssetOp; assetId?: string | undefined; tasks?: string[] | undefined; reason: string | null; listUrl?: string | undefined; listPosition?: string | undefined };
export type AssetChangeRequest = { actor: Actor; memberId: string; at: Date };

export type AssetChangeResult =
  | { status: 'done'; taskId: string; waiting: boolean }
  | { status: 'refused'; reason: string }
  | { status: 'not_found'; what: 'member' | 'asset' }
  | { status: 'invalid'; field: 'asset' | 'tasks'; message: string }
  /** Nothing to do, in words: already under way, already gone, already held. */
  | { status: 'nothing'; message: string };

const PEOPLE_OPS: ReadonlySet<AssetOp> = new Set(['revoke', 'grant']);
const PARTNER_PERSON = "A partner's people reach the hub's assets through their partner, which manages them: take an asset away from the partner, or remove the partner, from the partner's Access (`/hub members <hub> system`).";
type Member = typeof members.$inferSelect;

/**
 * Records one change to someone's access on an asset (or a partner's removal) as a task, and queues it. The
 * member row is locked, so two submissions at once queue one task; the second is told what is under way.
 */
export async function requestAssetChange(
  deps: Pick<AppContext, 'db' | 'queues' | 'logger'>,
  hub: Hub,
  request: AssetChangeRequest,
  change: AssetChange,
): Promise<AssetChangeResult> {
  const role = authorize(request.actor, 'member.asset_access', hub);
  if (!role.allowed) return { status: 'refused', reason: role.reason };
  if (!isUuid(request.memberId) || (change.assetId !== undefined && !isUuid(change.assetId))) return { status: 'not_found', what: 'member' };
  const result = await deps.db.transaction(async (tx): Promise<AssetChangeResult> => {
    const [member] = await tx.select().from(members).where(and(eq(members.id, request.memberId), eq(members.hubId, hub.id))).for('update');
    if (!member || !holdsAssets(member)) return { status: 'not_found', what: 'member' };
    if (member.kind === 'partner_user') return { status: 'refused', reason: PARTNER_PERSON };
    const partner = member.kind === 'partner';
    // One "take it away" button for both: a partner's asset goes through the agencies edge.
    const op: AssetOp = partner && change.op === 'revoke' ? 'partner_revoke' : change.op;
    if (PEOPLE_OPS.has(op) === partner) return { status: 'refused', reason: partner ? 'A partner is given access in Meta, not in Hubkeeper; Hubkeeper can take an asset away from it or remove it from the business.' : 'That is for partners.' };
    const underWay = await runningChange(tx, member.id, { ...change, op });
    if (underWay) return { status: 'nothing', message: `Nothing changed: that change is already under way (asked by ${underWay === request.actor.slackUserId ? 'you' : `<@${underWay}>`}). Its outcome will show in <#${hub.channelId}>.` };
    const planned = op === 'partner_remove' ? await planPartnerRemoval(tx, member) : await planAssetChange(tx, hub, member, { ...change, op });
    if ('status' in planned) return planned;
    const input: AssetAccessInput = {
      ...planned,
      op,
      memberId: member.id,
      memberKind: member.kind as AssetAccessInput['memberKind'],
      name: member.name ?? member.email ?? member.metaId,
      reason: change.reason,
      ...(change.listUrl ? { listUrl: change.listUrl } : {}),
      ...(change.listPosition ? { listPosition: change.listPosition } : {}),
    };
    const [task] = await tx
      .insert(tasks)
      .values({ hubId: hub.id, kind: 'asset_access', requestedBy: request.actor.slackUserId, slackChannelId: hub.channelId, input })
      .returning({ id: tasks.id });
    await recordAudit(tx, {
      actor: request.actor.slackUserId, action: 'member.asset_access_requested', hubId: hub.id, memberId: member.id, taskId: task!.id,
      reason: change.reason, outcome: 'queued', detail: auditDetail(input),
    });
    return { status: 'done', taskId: task!.id, waiting: false };
  });
  if (result.status !== 'done') return result;
  const queued = await dispatch(deps, 'asset access change', () => enqueueAssetChange(deps, result.taskId));
  return { ...result, waiting: !queued };
}

/** What the audit log keeps of a change: the op, the asset, and the tasks before and after. */
export function auditDetail(input: AssetAccessInput): Record<string, unknown> {
  return {
    op: input.op,
    ...(input.asset ? { asset: { metaId: input.asset.metaId, kind: input.asset.kind, name: input.asset.name } } : {}),
    held: input.held,
    ...(input.tasks ? { tasks: input.tasks } : {}),
  };
}

/** Who asked for a change of this member's access that is still queued or running (same asset, or the whole partner). */
async function runningChange(tx: Transaction, memberId: string, change: AssetChange): Promise<string | undefined> {
  const rows = await tx
    .select({ requestedBy: tasks.requestedBy, input: tasks.input })
    .from(tasks)
    .where(and(eq(tasks.kind, 'asset_access'), inArray(tasks.status, ['queued', 'running']), sql`${tasks.input}->>'memberId' = ${memberId}`));
  const same = rows.find((row) => {
    const other = assetAccessInputSchema.safeParse(row.input);
    return other.success && (other.data.op === 'partner_remove' || change.op === 'partner_remove' || other.data.asset?.id === change.assetId);
  });
  return same?.requestedBy;
}

type Planned = Pick<AssetAccessInput, 'asset' | 'held' | 'tasks'>;

async function planAssetChange(tx: Transaction, hub: Hub, member: Member, change: AssetChange): Promise<Planned | AssetChangeResult> {
  if (!change.assetId) return { status: 'invalid', field: 'asset', message: 'Choose an asset.' };
  const [asset] = await tx
    .select({ id: assets.id, metaId: assets.metaId, kind: assets.kind, name: assets.name })
    .from(assets)
    .where(and(eq(assets.id, change.assetId), eq(assets.hubId, hub.id), isNull(assets.goneAt)));
  if (!asset) return { status: 'not_found', what: 'asset' };
  const [holding] = await tx.select({ tasks: memberAssets.tasks, accessStatus: memberAssets.accessStatus }).from(memberAssets).where(and(eq(memberAssets.memberId, member.id), eq(memberAssets.assetId, asset.id)));
  const name = member.name ?? member.metaId;
  const assetName = asset.name ?? asset.metaId;
  const itself = isHubkeeperItself(member.metaId, hub.tokenUserId);
  if (change.op === 'grant') {
    const check = checkGrant(asset.kind, change.tasks ?? []);
    if (!check.ok) return { status: 'invalid', field: 'tasks', message: check.message };
    if (holding && holding.tasks.length === check.tasks.length && holding.tasks.every((t) => check.tasks.includes(t))) {
      return { status: 'invalid', field: 'tasks', message: `${name} already has exactly ${describeTasks(check.tasks)} on ${assetName}.` };
    }
    const own = itself ? whyNotChangeOwnAccess(asset.kind, holding?.tasks ?? [], check.tasks) : undefined;
    if (own) return { status: 'invalid', field: 'tasks', message: own };
    return { asset, held: holding?.tasks ?? [], tasks: check.tasks };
  }
  if (!holding) return { status: 'nothing', message: `Nothing changed: ${name} no longer has access to ${assetName}.` };
  if (!isHeldPermission(holding.accessStatus)) {
    return { status: 'nothing', message: `Nothing changed: ${name}'s access to ${assetName} is still a request waiting at Meta, not access it holds: approve or decline it among the business's requests in Meta Business Suite.` };
  }
  const own = itself ? whyNotChangeOwnAccess(asset.kind, holding.tasks) : undefined;
  if (own) return { status: 'nothing', message: `Nothing changed: ${own}` };
  const allowed = change.op === 'revoke' ? canRevoke(asset.kind) : canRemovePartnerFrom(asset.kind);
  if (!allowed) return { status: 'refused', reason: "Meta's API has no way to take a pixel away from one person or partner. Do it in Meta Business Suite: Business settings → Data sources → Pixels." };
  return { asset, held: holding.tasks };
}

async function planPartnerRemoval(tx: Transaction, member: Member): Promise<Planned> {
  const held = await tx
    .select({ kind: assets.kind, count: sql<number>`count(*)::int` })
    .from(memberAssets)
    .innerJoin(assets, eq(assets.id, memberAssets.assetId))
    .where(and(eq(memberAssets.memberId, member.id), isNull(assets.goneAt), sql`(${memberAssets.accessStatus} is null or ${memberAssets.accessStatus} = 'CONFIRMED')`))
    .groupBy(assets.kind);
  return { held: [describeHoldings(null, held).replace(/^no role · /, '')] };
}

export async function enqueueAssetChange(deps: Pick<AppContext, 'queues'>, taskId: string): Promise<void> {
  await deps.queues.enqueue('members', 'changeAssetAccess', { taskId }, { jobId: taskId, attempts: 5 });
}
