import type { Job } from 'bullmq';
import type { AppContext } from '../../context.js';
import { MetaError, MetaRateLimitError, MetaTransientError } from '../../meta/index.js';
import { getHub } from '../../services/hubs.js';
import { finishReinvite } from '../../services/report-reinvite.js';
import { getItem } from '../../services/report-items.js';
import { unseal } from '../../services/secrets.js';
import { waitForMetaWrite } from '../meta-pace.js';
import { afterReportChange } from '../report-cards.js';
import { parsePayload } from '../registry.js';

/**
 * Sends a re-invitation (same email and role as before the removal). Meta's invitation cap (code 17) fails it
 * in plain words and pauses the hub's invitations until the cap lifts; transient trouble is retried.
 */
export async function reinviteMember(ctx: AppContext, job: Job): Promise<void> {
  const { itemId } = parsePayload('members', 'reinviteMember', job.data);
  const item = await getItem(ctx.db, itemId);
  if (!item || item.reinviteStatus !== 'queued' || !item.email || !item.metaRole) return;
  const hub = await getHub(ctx.db, item.hubId);
  if (!hub) return;
  let finished: boolean;
  try {
    const business = ctx.meta.business(hub.businessId, unseal(hub.accessTokenSealed, ctx.config.ENCRYPTION_KEY));
    await waitForMetaWrite(ctx, hub.businessId);
    const { invitationId } = await business.inviteUser({ email: item.email, role: item.metaRole }, { spaced: false });
    finished = await finishReinvite(ctx.db, item, { ok: true, invitationId });
  } catch (error) {
    const attemptsLeft = (job.opts.attempts ?? 1) - job.attemptsMade - 1;
    if (error instanceof MetaTransientError && attemptsLeft > 0) throw error;
    if (error instanceof MetaRateLimitError && error.code === 17) {
      const pausedUntil = new Date(error.resumeAt ?? ctx.clock().getTime() + 24 * 3_600_000);
      finished = await finishReinvite(ctx.db, item, { ok: false, error: "Meta's daily invitation limit for this business is reached.", pausedUntil });
    } else {
      const words = error instanceof MetaError ? error.userMessage : `Hubkeeper could not reach Meta (${error instanceof Error ? error.message : String(error)}).`;
      finished = await finishReinvite(ctx.db, item, { ok: false, error: words });
    }
  }
  if (finished) await afterReportChange(ctx, item.reportId);
}
