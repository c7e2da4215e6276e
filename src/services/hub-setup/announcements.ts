import { eq } from 'drizzle-orm';
import { hubs } from '../../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { TaskEvent } from '../../domain/announcements.js';
import { recordAudit } from '../audit/record.js';
import type { Hub } from './hubs.js';

/** Chooses which task events a hub announces in channels (the requester's own DM is not affected). */
export async function setAnnouncements(deps: Pick<AppContext, 'db' | 'clock'>, hub: Hub, events: TaskEvent[], actorId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await tx.update(hubs).set({ announceEvents: events, updatedAt: deps.clock() }).where(eq(hubs.id, hub.id));
    await recordAudit(tx, { actor: actorId, action: 'hub.announcements_changed', hubId: hub.id, detail: { from: hub.announceEvents, to: events } });
  });
}
