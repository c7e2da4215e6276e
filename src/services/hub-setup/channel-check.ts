import type { AppContext } from '../../context.js';
import { slackErrorCode } from '../../domain/slack-errors.js';

/**
 * Whether Hubkeeper can post to a channel, asked of Slack before a hub is tied to it: the Slack error a post
 * would get (`channel_not_found` for a private channel the bot is not in, `is_archived`, a read-only
 * channel), or undefined when it can. When Slack does not answer in time the answer is "yes": the first
 * real post would find out, and the hub is then marked as having a broken channel.
 */
export async function channelProblem(deps: Pick<AppContext, 'slackInteractive' | 'logger'>, channelId: string): Promise<string | undefined> {
  try {
    const { channel } = await deps.slackInteractive.conversations.info({ channel: channelId });
    if (!channel) return 'channel_not_found';
    if (channel.is_archived) return 'is_archived';
    if ((channel as { is_read_only?: boolean }).is_read_only) return 'restricted_action_read_only_channel';
    // A public channel works without the bot in it (chat:write.public); a private one Slack hides from a bot outside it.
    if (channel.is_private && channel.is_member === false) return 'channel_not_found';
    return undefined;
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'channel_not_found') return code;
    deps.logger.warn('could not check the hub channel with Slack; connecting anyway', { channelId, error: code ?? error });
    return undefined;
  }
}
