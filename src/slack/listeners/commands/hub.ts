import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { replyPrivately } from '../../reply.js';
import { connectSubcommand } from './hub/connect.js';
import { helpSubcommand } from './hub/help.js';
import { statusSubcommand } from './hub/status.js';
import { scheduleSubcommand } from './hub/schedule.js';
import { syncSubcommand } from './hub/sync.js';
import { tasksSubcommand } from './hub/tasks.js';
import type { Subcommand } from './hub/types.js';

const subcommands: Record<string, Subcommand> = {
  connect: connectSubcommand,
  sync: syncSubcommand,
  status: statusSubcommand,
  tasks: tasksSubcommand,
  schedule: scheduleSubcommand,
  help: helpSubcommand,
};

/** `/hub <subcommand> [args]`: acks at once, then answers privately through the response URL. */
export function hubCommand(ctx: AppContext) {
  return async ({ command, ack, respond }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    await ack();
    const [name = 'help', ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const subcommand = subcommands[name.toLowerCase()];
    await replyPrivately(ctx, respond, () =>
      subcommand
        ? subcommand({ ctx, userId: command.user_id, channelId: command.channel_id, triggerId: command.trigger_id, args })
        : helpSubcommand({ ctx, userId: command.user_id, channelId: command.channel_id, triggerId: command.trigger_id, args, unknown: name }),
    );
  };
}
