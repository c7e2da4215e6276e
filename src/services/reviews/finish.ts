import { and, eq, isNull, sql } from 'drizzle-orm';
import { campaigns } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import { dateIn, decisionWords, outcomeAtMeta, shouldClose, type CampaignDecision } from '../../domain/access-review.js';
import { toCsv } from '../../domain/csv.js';
import type { JobPayload } from '../../queue/registry.js';
import { recordAudit } from '../audit/record.js';
import { getHub } from '../hub-setup/hubs.js';
import { hubAudience } from '../notifications/channel-health.js';
import { uploadFile, uploadToDm } from '../notifications/files.js';
import { isSlackUserId } from '../../lib/text.js';
import { addNotifications } from '../notifications/outbox.js';
import { queueChannelFlush } from '../notifications/send.js';
import { redrawCampaign } from './after-change.js';
import { getCampaign, type Campaign } from './campaigns.js';
import { campaignTally } from './view.js';

export const EVIDENCE_HEADER = ['item', 'holder', 'access', 'reviewer', 'decision', 'time', 'outcome at Meta'] as const;

type EvidenceRow = {
  seq: number; name: string | null; email: string | null; meta_role: string | null; match_state: string; exemption_reason: string | null;
  access: Array<{ kind: string; name: string | null; tasks: string[] }>; access_count: number; reviewer_ids: string[];
  decision: CampaignDecision; decided_by: string | null; decided_at: string | null; unreviewed_at_deadline: boolean; new_role: string | null;
  report_decision: string | null; report_outcome: string | null; report_error: string | null;
  task_status: string | null; task_error: string | null; task_kept: string | null;
};

/** The evidence file: one line per person reviewed, with what became of the decision at Meta. */
export async function evidenceCsv(db: DbOrTx, campaignId: string): Promise<string> {
  const rows = await db.execute<EvidenceRow>(sql`
    select ci.seq, ci.name, ci.email, ci.meta_role, ci.match_state, ci.exemption_reason, ci.access, ci.access_count, ci.reviewer_ids,
      ci.decision, ci.decided_by, ci.decided_at, ci.unreviewed_at_deadline, ci.new_role,
      ri.decision as report_decision, ri.outcome as report_outcome, ri.outcome_error as report_error,
      t.status as task_status, t.error as task_error, t.summary ->> 'kept' as task_kept
    from campaign_items ci
    left join report_items ri on ri.id = ci.report_item_id
    left join tasks t on t.id = ci.role_task_id
    where ci.campaign_id = ${campaignId}::uuid
    order by ci.seq`);
  const list = [...rows];
  const first = list[0]?.seq ?? 0;
  return toCsv(EVIDENCE_HEADER, list.map((row) => {
    const matched = row.match_state === 'exempted' ? `exempted: ${row.exemption_reason ?? 'no reason given'}` : row.match_state;
    const assets = row.access.map((entry) => `${entry.kind.replace('_', ' ')} ${entry.name ?? '(unnamed)'} (${entry.tasks.join(' ') || 'no tasks'})`);
    const more = row.access_count > row.access.length ? [`and ${row.access_count - row.access.length} more assets`] : [];
    const access = [`role ${row.meta_role ?? 'none'}`, `matched ${matched}`, ...assets, ...more].join('; ');
    const holder = row.email && row.name && row.email !== row.name ? `${row.name} <${row.email}>` : (row.name ?? row.email ?? 'unknown');
    const evidence = {
      decision: row.decision, unreviewedAtDeadline: row.unreviewed_at_deadline, newRole: row.new_role,
      removal: row.report_decision ? { decision: row.report_decision, outcome: row.report_outcome, error: row.report_error } : null,
      roleTask: row.task_status ? { status: row.task_status, error: row.task_error, kept: row.task_kept } : null,
    };
    return [
      row.seq - first + 1, holder, access, row.decided_by ?? row.reviewer_ids.join(' '), decisionWords(evidence),
      row.decided_at ? new Date(row.decided_at) : null, outcomeAtMeta(evidence),
    ];
  }));
}

/**
 * Closes a campaign that is fully decided, or past its deadline once the deadline's escalation went out;
 * then, exactly once, posts the summary in the hub's channel and uploads the evidence file there. Runs
 * on the notify queue, deduplicated per campaign.
 */
export async function finishCampaign(ctx: AppContext, { campaignId }: JobPayload<'notify', 'finishCampaign'>): Promise<void> {
  let campaign = await getCampaign(ctx.db, campaignId);
  if (!campaign) return;
  const now = ctx.clock();
  if (campaign.status === 'open') {
    const tally = await campaignTally(ctx.db, campaignId);
    const pastDeadline = now >= campaign.deadline;
    if (!shouldClose(now, campaign.deadline, tally.pending) || (pastDeadline && tally.pending > 0 && !campaign.escalatedAt)) return;
    campaign = await ctx.db.transaction(async (tx) => {
      const [closed] = await tx.update(campaigns).set({ status: 'closed', closedAt: now, summary: tally })
        .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, 'open'))).returning();
      if (closed) await recordAudit(tx, { actor: 'system', action: 'review.closed', hubId: closed.hubId, outcome: 'closed', detail: { campaignId, ...tally } });
      return closed ?? (await getCampaign(tx, campaignId))!;
    });
  }
  if (campaign.status !== 'closed') return;
  await announceClose(ctx, campaign);
  await redrawCampaign(ctx, campaignId, 'all');
}

async function announceClose(ctx: AppContext, campaign: Campaign): Promise<void> {
  const hub = await getHub(ctx.db, campaign.hubId);
  if (!hub) return;
  // While the hub's channel refuses posts, the summary and the evidence go to each owner instead.
  const audience = await hubAudience(ctx, hub);
  const claimed = await ctx.db.transaction(async (tx) => {
    const [marked] = await tx.update(campaigns).set({ closedAnnouncedAt: ctx.clock() })
      .where(and(eq(campaigns.id, campaign.id), isNull(campaigns.closedAnnouncedAt))).returning({ id: campaigns.id });
    if (marked) {
      const body = ctx.views.reviewClosed(hub, campaign, await campaignTally(tx, campaign.id));
      await addNotifications(tx, audience.map((channel) => ({ channel, kind: 'message' as const, hubId: hub.id, event: 'review.closed', body })));
    }
    return Boolean(marked);
  });
  if (claimed) for (const channel of audience) await queueChannelFlush(ctx, channel);
  if (campaign.evidenceFileId) return;
  const content = await evidenceCsv(ctx.db, campaign.id);
  const day = dateIn(campaign.closedAt ?? ctx.clock(), hub.dailySyncTz);
  const slug = hub.label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'hub';
  const upload = { filename: `access-review-${slug}-${day}.csv`, title: `Access review of ${hub.label}, closed ${day}`, content, comment: ctx.views.reviewEvidenceComment(hub) };
  const files: Array<{ fileId: string; channel: string }> = [];
  for (const target of audience) files.push(await (isSlackUserId(target) ? uploadToDm(ctx, target, upload) : uploadFile(ctx, target, upload)));
  await ctx.db.transaction(async (tx) => {
    await tx.update(campaigns).set({ evidenceFileId: files[0]?.fileId ?? 'none' }).where(eq(campaigns.id, campaign.id));
    await recordAudit(tx, { actor: 'system', action: 'review.evidence_uploaded', hubId: hub.id, outcome: 'uploaded', detail: { campaignId: campaign.id, files } });
  });
}
