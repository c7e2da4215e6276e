import type { AppContext } from '../../context.js';
import { getHub } from '../hub-setup/hubs.js';
import { requestSync } from './requests.js';

/** The daily check and the directory-triggered check: both just request a sync as an automated actor. */
export async function scheduledCheck(ctx: AppContext, hubId: string, requestedBy: 'schedule' | 'directory'): Promise<void> {
  const hub = await getHub(ctx.db, hubId);
  if (!hub || hub.status !== 'active') return; // a paused hub or one whose token expired waits for a person
  await requestSync(ctx, hubId, requestedBy);
}
