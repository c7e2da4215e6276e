import type { Task } from '../../services/tasks/types.js';
import { assetAccessResultLine } from './asset-access-message.js';
import { inviteResultLine } from './invite-message.js';
import { removalResultLine } from './removal-message.js';
import { roleChangeResultLine } from './role-change.js';
import { syncResultLine } from './task-message.js';

/** What a finished task did, with its figures, as each kind says it (escaped mrkdwn, led by an emoji). */
export function taskResultLine(hub: { label: string }, task: Task): string {
  switch (task.kind) {
    case 'remove_member': return removalResultLine(hub, task);
    case 'invite_member': return inviteResultLine(hub, task);
    case 'change_role': return roleChangeResultLine(hub, task);
    case 'asset_access': return assetAccessResultLine(hub, task);
    case 'sync': return syncResultLine(hub, task);
  }
}
