import type { DbOrTx } from '../../db/client.js';
import type { Hub } from '../services/hubs.js';
import { taskInvites } from '../services/invite-sending.js';
import type { Task } from '../services/sync.js';
import { inviteResultLine, inviteTaskMessage } from '../slack/blocks/invite-message.js';
import { removalResultLine, removalTaskMessage } from '../slack/blocks/removal-message.js';
import { roleChangeResultLine, roleChangeTaskMessage } from '../slack/blocks/role-change.js';
import { syncTaskMessage, taskResultLine } from '../slack/blocks/task-message.js';

/** A task's message as its kind draws it (an invitation task also shows each of its invitations). */
export async function taskMessage(db: DbOrTx, hub: Hub, task: Task): Promise<{ text: string; blocks: unknown[] }> {
  switch (task.kind) {
    case 'remove_member': return removalTaskMessage(hub, task);
    case 'invite_member': return inviteTaskMessage(hub, task, await taskInvites(db, task.id));
    case 'change_role': return roleChangeTaskMessage(hub, task);
    case 'sync': return syncTaskMessage(hub, task);
  }
}

/** The short result line of a finished task (escaped mrkdwn). */
export async function taskResult(db: DbOrTx, hub: Hub, task: Task): Promise<string> {
  switch (task.kind) {
    case 'remove_member': return removalResultLine(hub, task);
    case 'invite_member': return inviteResultLine(hub, task, await taskInvites(db, task.id));
    case 'change_role': return roleChangeResultLine(hub, task);
    case 'sync': return taskResultLine(hub, task);
  }
}
