import type { Job } from 'bullmq';
import type { AppContext } from '../../context.js';
import { getHub } from '../../services/hubs.js';
import { requestSync } from '../../services/sync.js';
import { parsePayload } from '../registry.js';

/** The daily check and the directory-triggered check: both just request a sync as an automated actor. */
export async function scheduledCheck(ctx: AppContext, job: Job): Promise<void> {
  const { hubId } =
    job.name === 'directoryTriggeredCheck'
      ? parsePayload('sync', 'directoryTriggeredCheck', job.data)
      : parsePayload('sync', 'scheduledCheck', job.data);
  const hub = await getHub(ctx.db, hubId);
  if (!hub || hub.status !== 'active') return; // a paused hub or one whose token expired waits for a person
  await requestSync(ctx, hubId, job.name === 'directoryTriggeredCheck' ? 'directory' : 'schedule');
}
