import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { requireBackends } from '../../../services/operations/backends.js';
import { replyPrivately } from '../../reply.js';
import { connectSubcommand } from './hub/connect.js';
import { announceSubcommand } from './hub/announce.js';
import { auditSubcommand } from './hub/audit.js';
import { helpSubcommand } from './hub/help.js';
import { withMembersExport } from './hub/members-export.js';
import { membersSubcommand } from './hub/members.js';
import { statusSubcommand } from './hub/status.js';
import { scheduleSubcommand } from './hub/schedule.js';
import { syncSubcommand } from './hub/sync.js';
import { tasksSubcommand } from './hub/tasks.js';
import { loginSubcommand } from './hub/login.js';
import { inviteSubcommand } from './hub/invite.js';
import { groupsSubcommand } from './hub/groups.js';
import { prefsSubcommand } from './hub/prefs.js';
import { reportSubcommand } from './hub/report.js';
import { settingsSubcommand } from './hub/settings.js';
import { ownersSubcommand } from './hub/owners.js';
import { reviewSubcommand } from './hub/review.js';
import type { Subcommand } from './hub/types.js';

const subcommands: Record<string, Subcommand> = {
  connect: connectSubcommand,
  sync: syncSubcommand,
  status: statusSubcommand,
  tasks: tasksSubcommand,
  members: withMembersExport(membersSubcommand),
  audit: auditSubcommand,
  announce: announceSubcommand,
  schedule: scheduleSubcommand,
  login: loginSubcommand,
  invite: inviteSubcommand,
  groups: groupsSubcommand,
  report: reportSubcommand,
  prefs: prefsSubcommand,
  settings: settingsSubcommand,
  owners: ownersSubcommand,
  review: reviewSubcommand,
  help: helpSubcommand,
};

/** `/hub <subcommand> [args]`: acks at once, then answers privately through the response URL. */
export function hubCommand(ctx: AppContext) {
  return async ({ command, ack, respond }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    await ack();
    const [name = 'help', ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const subcommand = subcommands[name.toLowerCase()];
    const input = { ctx, userId: command.user_id, channelId: command.channel_id, triggerId: command.trigger_id, args };
    await replyPrivately(ctx, respond, async () => {
      if (!subcommand) return helpSubcommand({ ...input, unknown: name });
      await requireBackends(ctx);
      return subcommand(input);
    });
  };
}
