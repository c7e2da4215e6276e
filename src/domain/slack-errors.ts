// What Slack's error codes mean for Hubkeeper (reference slack.md §13), and the words a person sees.

/** Errors about the channel, not the message: retrying the same post can never work until someone acts. */
const CHANNEL_ERRORS = new Set([
  'is_archived', 'not_in_channel', 'channel_not_found', 'restricted_action',
  'restricted_action_read_only_channel', 'restricted_action_thread_only_channel', 'restricted_action_non_threadable_channel',
]);

/** Errors about the bot token itself: every call fails the same way until an admin fixes the installation. */
const TOKEN_ERRORS = new Set(['invalid_auth', 'account_inactive', 'token_revoked', 'not_authed', 'missing_scope']);

/** A person Slack will never deliver a direct message to: a bot, an unknown or a deactivated account. */
const RECIPIENT_ERRORS = new Set(['cannot_dm_bot', 'user_not_found', 'user_disabled']);

/** Slack's error code of a failed Web API call, if it has one. */
export function slackErrorCode(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  return typeof code === 'string' ? code : undefined;
}

export const isChannelError = (code: string | undefined): code is string => code !== undefined && CHANNEL_ERRORS.has(code);
export const isRecipientError = (code: string | undefined): code is string => code !== undefined && RECIPIENT_ERRORS.has(code);
/** A direct message that can never be delivered: to such a person, or into a DM Slack no longer has. */
export const isUndeliverableDm = (code: string | undefined): code is string => isRecipientError(code) || code === 'channel_not_found';
export const isTokenError = (code: string | undefined): code is string => code !== undefined && TOKEN_ERRORS.has(code);

/** What went wrong with a channel and how to fix it, for a person (mrkdwn; the channel id comes from us). */
export function channelProblemText(channelId: string, code: string): string {
  const where = `<#${channelId}>`;
  const elsewhere = 'or have an admin reconnect the hub with `/hub connect` and choose another channel';
  if (code === 'is_archived') return `${where} was archived, so Hubkeeper cannot post there. Unarchive it, ${elsewhere}.`;
  if (code.startsWith('restricted_action')) {
    return `Posting in ${where} is restricted, so Hubkeeper cannot post there. Let apps post in the channel's settings, ${elsewhere}.`;
  }
  return `Hubkeeper is not in ${where} (a private channel needs it invited), so it cannot post there. Type \`/invite @Hubkeeper\` in the channel, ${elsewhere}.`;
}

/** What a person sees about a broken hub channel on Home and in `/hub status`. */
export function brokenChannelNote(channelId: string, code: string): string {
  return `:warning: ${channelProblemText(channelId, code)} Until then, report cards and results go to the owners by direct message.`;
}

/** For /healthz and the log: the bot token is unusable. */
export function tokenProblemText(code: string): string {
  return `Slack refused the bot token (${code}): reinstall the app or update SLACK_BOT_TOKEN, then restart Hubkeeper. Notifications wait until then.`;
}
