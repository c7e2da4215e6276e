import type { Task } from '../../services/tasks/types.js';
import type { Invite } from '../../services/access/invite-sending.js';
import type { Hub } from '../../services/hub-setup/hubs.js';
import type { Views } from '../../services/notifications/views.js';
import { digestMessage, resultLineMessage } from './announcement.js';
import { exemptionsExpiredMessage } from './exemption-notice.js';
import { homeView } from './home.js';
import { inviteTaskMessage } from './invite-message.js';
import { membersListMessage } from './members-list.js';
import { removalTaskMessage } from './removal-message.js';
import { reportCard } from './report-card.js';
import { reviewCard, reviewTracker } from './review-card.js';
import { reviewClosedMessage, reviewEscalationMessage, reviewEvidenceComment, reviewReminderMessage, reviewRemovalsHeldMessage, reviewScheduledMessage } from './review-notices.js';
import { escalationMessage, reminderMessage, reportClosedMessage } from './report-notices.js';
import { roleChangeTaskMessage } from './role-change.js';
import { assetAccessTaskMessage } from './asset-access-message.js';
import { syncTaskMessage } from './task-message.js';
import { taskResultLine } from './task-result.js';
import { escapeMrkdwn, section } from './text.js';
import { ownerClaimMessage } from './owner-claim.js';
import { channelProblemText } from '../../domain/slack-errors.js';

/** A task's message as its kind draws it (an invitation task also shows each of its invitations). */
function taskMessage(hub: Hub, task: Task, invites: readonly Invite[]) {
  switch (task.kind) {
    case 'remove_member': return removalTaskMessage(hub, task);
    case 'invite_member': return inviteTaskMessage(hub, task, invites);
    case 'change_role': return roleChangeTaskMessage(hub, task);
    case 'asset_access': return assetAccessTaskMessage(hub, task);
    case 'sync': return syncTaskMessage(hub, task);
  }
}

/** The Block Kit face of every message services send; handed to them as `ctx.views`. */
export const slackViews: Views = {
  taskMessage,
  taskResultLine,
  resultLine: resultLineMessage,
  digest: digestMessage,
  reportCard,
  reportClosed: reportClosedMessage,
  reminder: (reports, now) => reminderMessage(reports, now),
  escalation: escalationMessage,
  exemptionsExpired: exemptionsExpiredMessage,
  membersList: membersListMessage,
  home: homeView,
  channelBroken: (hub, code) => {
    const text = `*${escapeMrkdwn(hub.label)}*: ${channelProblemText(hub.channelId, code)} Until it works again, report cards and results come to the hub's owners by direct message.`;
    return { text, blocks: [section(text)] };
  },
  reviewCard,
  reviewTracker,
  reviewReminder: reviewReminderMessage,
  reviewEscalation: reviewEscalationMessage,
  reviewClosed: reviewClosedMessage,
  reviewScheduled: reviewScheduledMessage,
  reviewRemovalsHeld: reviewRemovalsHeldMessage,
  reviewEvidenceComment,
  ownerClaim: ownerClaimMessage,
  text: (text) => ({ text, blocks: [section(text)] }),
};
