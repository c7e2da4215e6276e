import { z } from 'zod';

/**
 * Every queue, its jobs and their payloads. Producers and processors both go through this, so a payload
 * can't drift from what its processor expects. Payloads carry ids only: never a token or other secret.
 */
export const queues = {
  sync: {
    checkForUpdates: z.object({ taskId: z.uuid() }),
    /** Fired by the daily job scheduler; creates the task itself (a scheduler can't write Postgres first). */
    scheduledCheck: z.object({ hubId: z.uuid() }),
    /** Debounced per hub: a burst of directory deactivations becomes one check. */
    directoryTriggeredCheck: z.object({ hubId: z.uuid() }),
  },
  members: {
    removeMember: z.object({ taskId: z.uuid() }),
    /** Approve all's follow-up: makes the removal tasks of a report's approved items and queues them. */
    startReportRemovals: z.object({ reportId: z.uuid() }),
    /** Re-invites a member a deprovision report removed by mistake (same email and role). */
    reinviteMember: z.object({ itemId: z.uuid(), attempt: z.number().int().min(0) }),
    /** Sends an invitation task's invitations one by one; waits (delayed) while Meta's daily cap holds. */
    inviteMembers: z.object({ taskId: z.uuid() }),
    changeRole: z.object({ taskId: z.uuid() }),
    /** Grants or revokes one asset for a person, or removes a partner (from one asset or the business). */
    changeAssetAccess: z.object({ taskId: z.uuid() }),
    /** Debounced per hub: people a mapped IdP group gained become invitation tasks, in batches. */
    collectGroupInvites: z.object({ hubId: z.uuid() }),
  },
  notify: {
    renderTaskMessage: z.object({ taskId: z.uuid() }),
    /** A report changed: make sure its cards exist, post its closing summary once, redraw every card. */
    refreshReportCards: z.object({ reportId: z.uuid() }),
    /** Draws one report card from the current state: posts it the first time, edits it after. */
    renderReportCard: z.object({ cardId: z.uuid() }),
    /** Draws one escalation of a report from its current state: posts it the first time, edits it after. */
    renderEscalation: z.object({ escalationId: z.uuid() }),
    announceTaskResult: z.object({ taskId: z.uuid() }),
    /** Tells a hub's owners that these members' exemptions ran out and they are back in review. */
    exemptionsExpired: z.object({ hubId: z.uuid(), memberIds: z.array(z.uuid()).min(1).max(500) }),
    /** Posts what waits in one channel's outbox (a channel id, or a user id for a DM), in the channel's turn. */
    flushChannel: z.object({ channel: z.string().regex(/^[CGDUW][A-Z0-9]+$/) }),
    /** Something a Home tab shows changed (one hub, or null for all): republish it for those who have it open. */
    refreshHomes: z.object({ hubId: z.uuid().nullable() }),
    publishHome: z.object({ userId: z.string().regex(/^[UW][A-Z0-9]+$/) }),
    /** Draws one reviewer's access review card from the current state: posts it the first time, edits it after. */
    renderReviewCard: z.object({ reviewerRowId: z.uuid() }),
    /** Draws a campaign's tracker in the hub's channel. */
    renderReviewTracker: z.object({ campaignId: z.uuid() }),
    /** Closes a campaign that is fully decided or past its deadline: summary and evidence file, once. */
    finishCampaign: z.object({ campaignId: z.uuid() }),
    /** Draws every message of an ownership claim (the claimant's and each decider's): posts, then edits in place. */
    renderClaimMessages: z.object({ claimId: z.uuid() }),
  },
  maintenance: {
    sweepOrphanTasks: z.object({}),
    /** Reminds owners of report items left waiting, escalates old ones, and repairs lost card jobs. */
    reportReminders: z.object({}),
    /** Every few minutes: exemptions whose end date has come send their members back to review. */
    expireExemptions: z.object({}),
    /** Re-queues announcements and channel flushes whose jobs were lost (e.g. Redis was away). */
    sweepNotifications: z.object({}),
    /** Requests to become an owner that nobody decided in time expire, and their messages say so. */
    expireClaims: z.object({}),
    /** Access reviews: reminders before the deadline, escalation (and removal, if chosen) at it, lost jobs. */
    reviewDeadlines: z.object({}),
    /** A hub's scheduled access review (`/hub settings`): starts one, and tells the hub's channel. */
    scheduledReview: z.object({ hubId: z.string().uuid() }),
  },
} as const;

export type QueueName = keyof typeof queues;
export type JobName<Q extends QueueName> = keyof (typeof queues)[Q] & string;
export type JobPayload<Q extends QueueName, J extends JobName<Q>> = z.input<(typeof queues)[Q][J] & z.ZodType>;

export const queueNames = Object.keys(queues) as QueueName[];

export function parsePayload<Q extends QueueName, J extends JobName<Q>>(queue: Q, job: J, data: unknown) {
  const schema = queues[queue][job] as z.ZodType;
  return schema.parse(data) as JobPayload<Q, J>;
}
