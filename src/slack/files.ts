import type { AppContext } from '../context.js';
import { uploadFile, type Upload } from '../services/notifications/files.js';

export type { Upload };

/** Puts a file in the person's DM with Hubkeeper (opened first), in the DM's turn like every message. */
export async function uploadToDm(ctx: AppContext, userId: string, upload: Upload): Promise<{ fileId: string; channel: string }> {
  const opened = await ctx.slack.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  return uploadFile(ctx, channel, upload);
}
