import { and, eq, isNull } from 'drizzle-orm';
import { reportCards, reports } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import { getHub, hubOwnerIds, type Hub } from '../hub-setup/hubs.js';
import { cardTargets } from '../../domain/hub-settings.js';
import { isChannelError, isRecipientError, slackErrorCode } from '../../domain/slack-errors.js';
import { isSlackUserId } from '../../lib/text.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import type { ReportResult } from './access.js';
import { hubAudience, noteChannelRefusal, noteChannelWorks } from '../notifications/channel-health.js';
import { addNotifications } from '../notifications/outbox.js';
import { dmOwnersOf, ensureCards } from './owner-settings.js';
import { loadReportView } from './view.js';
import { getReport, reportTally } from './reports.js';
import { queueChannelFlush } from '../notifications/send.js';
import { drawInPlace } from '../notifications/draw-in-place.js';
import { queueCardRender } from './after-change.js';
import type { JobPayload } from '../../queue/registry.js';
import { escalationsOf, queueEscalationRender } from './escalations.js';

/** Where a report's cards go: as the hub's settings say, and to the owners while its channel is broken. */
async function cardTargetsOf(ctx: AppContext, hub: Hub, open: boolean): Promise<string[]> {
  const owners = await hubOwnerIds(ctx.db, hub.id);
  const cardsTo = hub.channelBrokenAt ? 'owners' : hub.cardsTo;
  if (!open) return cardsTo === 'channel' || cardsTo === 'both' ? [hub.channelId] : hub.channelBrokenAt ? owners : [];
  return cardTargets(cardsTo, hub.channelId, owners, await dmOwnersOf(ctx.db, hub.id));
}

/**
 * Makes sure the report has its cards (the hub's channel, and the DM of each owner who wants reports there),
 * puts a closed report's summary in the outbox exactly once, and queues the redraw of every card.
 */
export async function refreshReportCards(ctx: AppContext, { reportId }: JobPayload<'notify', 'refreshReportCards'>): Promise<void> {
  const report = await getReport(ctx.db, reportId);
  const hub = report && (await getHub(ctx.db, report.hubId));
  if (!report || !hub) return;
  const cards = await ensureCards(ctx.db, reportId, await cardTargetsOf(ctx, hub, report.status === 'open'));
  if (report.status === 'closed' && !report.closedAnnouncedAt) {
    const teamWide = ctx.config.NOTIFY_CHANNEL_ID;
    const home = await hubAudience(ctx, hub);
    const channels = [...home, ...(teamWide && teamWide !== hub.channelId ? [teamWide] : [])];
    const body = ctx.views.reportClosed(hub, report, await reportTally(ctx.db, reportId));
    const claimed = await ctx.db.transaction(async (tx) => {
      const [marked] = await tx
        .update(reports)
        .set({ closedAnnouncedAt: ctx.clock() })
        .where(and(eq(reports.id, reportId), isNull(reports.closedAnnouncedAt)))
        .returning({ id: reports.id });
      if (marked) await addNotifications(tx, channels.map((channel) => ({ channel, kind: 'message' as const, hubId: hub.id, event: 'report.closed', body })));
      return Boolean(marked);
    });
    if (claimed) for (const channel of channels) await queueChannelFlush(ctx, channel);
  }
  for (const card of cards) await queueCardRender(ctx, card.id);
  // Its escalations too: each shows what still waits, or that nothing does.
  for (const escalation of await escalationsOf(ctx.db, reportId)) await queueEscalationRender(ctx, escalation);
}

/**
 * Draws one card from the current state, in its channel's turn: posts it the first time and edits it in
 * place after that (a deleted card is posted again). Redraws of one card never run in parallel (the job is
 * deduplicated per card), and no database connection is held while the card waits for its channel's turn.
 */
export async function renderReportCard(ctx: AppContext, { cardId }: JobPayload<'notify', 'renderReportCard'>): Promise<void> {
  const [card] = await ctx.db.select().from(reportCards).where(eq(reportCards.id, cardId));
  if (!card) return;
  // The view is read in the card's turn, so a card that waited shows the newest state.
  const message = async () => {
    const view = await loadReportView(ctx.db, card.reportId, card.page, ctx.reports.itemsPerPage);
    return view && ctx.views.reportCard(view, { cardId, now: ctx.clock(), reinviteWindowMs: ctx.reports.reinviteWindowMs });
  };
  try {
    await drawInPlace(ctx, card.target, { channel: card.slackChannel, ts: card.ts }, message, (posted) =>
      ctx.db.update(reportCards).set({ slackChannel: posted.channel, ts: posted.ts }).where(eq(reportCards.id, cardId)));
  } catch (error) {
    const code = slackErrorCode(error) ?? '';
    if (isChannelError(code) && !isSlackUserId(card.target)) {
      // The hub's channel refuses posts: mark it (owners are told once) and put the report in the owners' DMs.
      await noteChannelRefusal(ctx, card.target, error);
      const report = await getReport(ctx.db, card.reportId);
      const hub = report && (await getHub(ctx.db, report.hubId));
      if (report && hub) {
        const owners = await hubOwnerIds(ctx.db, hub.id);
        const cards = await ensureCards(ctx.db, report.id, owners);
        for (const dm of cards.filter((c) => owners.includes(c.target) && !c.ts)) await queueCardRender(ctx, dm.id);
      }
      return;
    }
    if (!isRecipientError(code)) throw error;
    ctx.logger.warn('Slack refused a report card; it will not be retried', { cardId, error: code });
    return;
  }
  if (!isSlackUserId(card.target)) await noteChannelWorks(ctx, card.target);
}

/**
 * Previous / Next on a stored card: the card turns to that page for everyone who sees it, redrawn in its turn.
 * Only someone who may see the hub's reports may turn it.
 */
export async function turnCardPage(ctx: AppContext, actor: Actor, reportId: string, cardId: string, page: number): Promise<ReportResult> {
  const report = await getReport(ctx.db, reportId);
  const hub = report && (await getHub(ctx.db, report.hubId));
  if (!hub) return { status: 'not_found' };
  const decision = authorize(actor, 'hub.view', hub);
  if (!decision.allowed) return { status: 'refused', reason: decision.reason, hub };
  const turned = await ctx.db
    .update(reportCards)
    .set({ page })
    .where(and(eq(reportCards.id, cardId), eq(reportCards.reportId, reportId)))
    .returning({ id: reportCards.id });
  if (turned.length) await queueCardRender(ctx, cardId);
  return { status: 'done', reportId, approved: 0 };
}
