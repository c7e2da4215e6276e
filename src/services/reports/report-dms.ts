import type { AppContext } from '../../context.js';
import { ownedHubIds } from '../hub-setup/hubs.js';
import { afterReportChange } from './after-change.js';
import { setDmReports } from './owner-settings.js';
import { openReportOf } from './reports.js';

/**
 * Turns "also DM me deprovision reports" on or off for one person; turning it on sends them the open reports
 * of the hubs they own at once. Says how many hubs they own, so the answer can be true.
 */
export async function chooseReportDms(ctx: Pick<AppContext, 'db' | 'queues' | 'clock'>, userId: string, on: boolean): Promise<{ ownedHubs: number }> {
  await setDmReports(ctx.db, userId, on, ctx.clock());
  const owned = [...(await ownedHubIds(ctx.db, userId))];
  if (on) for (const hubId of owned) await afterReportChange(ctx, (await openReportOf(ctx.db, hubId))?.id);
  return { ownedHubs: owned.length };
}
