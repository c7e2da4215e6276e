import type { AppContext } from '../../context.js';
import { pacedCall } from '../../queue/pacer.js';
import { slackFetch } from '../../lib/slack-fetch.js';

const SLACK_FILES = ['https://files.slack.com'];

export type Upload = { filename: string; title: string; content: string; comment: string };

type Deps = Pick<AppContext, 'slack' | 'slackPaced' | 'config' | 'metrics' | 'queues' | 'logger' | 'notifySettings'>;

/** Puts a file in the person's DM with Hubkeeper (opened first), in the DM's turn like every message. */
export async function uploadToDm(ctx: Deps, userId: string, upload: Upload): Promise<{ fileId: string; channel: string }> {
  const opened = await ctx.slack.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  return uploadFile(ctx, channel, upload);
}

/**
 * Shares a file in a channel (or a DM's D… id) through Slack's upload API: get an upload URL, send the bytes
 * there, then complete the upload into the channel, in the channel's turn like every message.
 */
export async function uploadFile(ctx: Deps, channel: string, upload: Upload): Promise<{ fileId: string; channel: string }> {
  const bytes = Buffer.from(upload.content, 'utf8');
  const target = await ctx.slack.files.getUploadURLExternal({ filename: upload.filename, length: bytes.length });
  if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal returned no upload URL');
  const url = new URL(target.upload_url);
  // The bytes go only to Slack's file host (or, in tests, the host of SLACK_API_URL).
  if (![...SLACK_FILES, new URL(ctx.config.SLACK_API_URL).origin].includes(url.origin)) throw new Error(`upload URL outside Slack: ${url.host}`);
  const sent = await slackFetch(ctx.metrics)(url, { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  await sent.text();
  if (!sent.ok) throw new Error(`file upload answered ${sent.status}`);
  const fileId = target.file_id;
  await pacedCall(ctx, channel, () =>
    ctx.slackPaced.files.completeUploadExternal({ files: [{ id: fileId, title: upload.title }], channel_id: channel, initial_comment: upload.comment }),
  );
  return { fileId, channel };
}
