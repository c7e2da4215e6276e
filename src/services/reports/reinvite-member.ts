import { invitedUserTypeFor } from '../../domain/invitations.js';
import type { AppContext } from '../../context.js';
import { MetaError, MetaRateLimitError, MetaTransientError } from '../../meta/index.js';
import { getHub } from '../hub-setup/hubs.js';
import { finishReinvite } from './reinvite.js';
import { getItem } from './items.js';
import { hubBusiness } from '../hub-setup/meta-handle.js';
import { waitForMetaWrite } from '../../queue/meta-pace.js';
import { afterReportChange } from './after-change.js';
import type { JobControl } from '../../queue/job-control.js';
import type { JobPayload } from '../../queue/registry.js';

/**
 * Sends a re-invitation (same email and role as before the removal). Meta's invitation cap (code 17) fails it
 * in plain words and pauses the hub's invitations until the cap lifts; transient trouble is retried.
 */
export async function reinviteMember(ctx: AppContext, { itemId }: JobPayload<'members', 'reinviteMember'>, control: JobControl): Promise<void> {
  const item = await getItem(ctx.db, itemId);
  if (!item || item.reinviteStatus !== 'queued' || !item.email || !item.metaRole) return;
  const hub = await getHub(ctx.db, item.hubId);
  if (!hub) return;
  let finished: boolean;
  try {
    const business = hubBusiness(ctx, hub);
    await waitForMetaWrite(ctx, hub.businessId);
    const { invitationId } = await business.inviteUser({ email: item.email, role: item.metaRole, invitedUserType: [invitedUserTypeFor(hub.loginMethod)] }, { spaced: false });
    finished = await finishReinvite(ctx.db, item, { ok: true, invitationId });
  } catch (error) {
    if (error instanceof MetaTransientError && control.attemptsLeft > 0) throw error;
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
