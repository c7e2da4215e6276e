import type { DbOrTx } from '../../../db/client.js';
import type { AppContext } from '../../context.js';
import type { Hub } from '../hub-setup/hubs.js';
import { taskInvites } from '../access/invite-sending.js';
import type { Task } from '../tasks/types.js';
import type { Message } from './views.js';

type Deps = { db: DbOrTx; views: AppContext['views'] };

/** Invitations only an invitation task has; other kinds need no read. */
const invitesOf = (db: DbOrTx, task: Task) => (task.kind === 'invite_member' ? taskInvites(db, task.id) : Promise.resolve([]));

/** A task's message as its kind draws it (an invitation task also shows each of its invitations). */
export async function taskMessage(deps: Deps, hub: Hub, task: Task): Promise<Message> {
  return deps.views.taskMessage(hub, task, await invitesOf(deps.db, task));
}
