import { and, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { directoryUsers, members } from '../../../db/schema.js';
import type { Queues } from '../../queue/queues.js';

/** Long enough to gather a burst of deactivations (an IdP sends them one request each) into one check. */
const DEBOUNCE_MS = 5_000;

/**
 * Queues a check of every hub where one of these (just deactivated or deleted) directory users holds access:
 * a non-gone member matched to them, or one whose email or pending invitation email is theirs. The job id is
 * per hub, so a burst of deactivations becomes one check per hub rather than one per person.
 */
export async function queueChecksForDeactivated(
  deps: { db: Database; queues: Queues },
  directoryUserIds: string[],
): Promise<{ hubIds: string[] }> {
  if (directoryUserIds.length === 0) return { hubIds: [] };
  const users = await deps.db
    .select({ userName: directoryUsers.userName, emailKeys: directoryUsers.emailKeys })
    .from(directoryUsers)
    .where(inArray(directoryUsers.id, directoryUserIds));
  const emails = [...new Set(users.flatMap((user) => [user.userName.toLowerCase(), ...user.emailKeys]))];

  const byEmail = emails.length
    ? [inArray(sql`lower(${members.email})`, emails), inArray(sql`lower(${members.pendingEmail})`, emails)]
    : [];
  const hubs = await deps.db
    .selectDistinct({ hubId: members.hubId })
    .from(members)
    .where(and(isNull(members.goneAt), or(inArray(members.directoryUserId, directoryUserIds), ...byEmail)));

  const hubIds = hubs.map((hub) => hub.hubId);
  for (const hubId of hubIds) {
    await deps.queues.enqueue('sync', 'directoryTriggeredCheck', { hubId }, {
      jobId: `directory-check-${hubId}`,
      delay: DEBOUNCE_MS,
      // Gone once done, so the next burst (hours later) can queue a fresh check under the same id.
      removeOnComplete: true,
      removeOnFail: true,
    });
  }
  return { hubIds };
}
