import type { AppContext } from '../context.js';

const SLACK_HOOKS = 'https://hooks.slack.com';

/**
 * Posts to a response URL Slack gave us (an ephemeral list, a command answer). Only Slack's hooks host, or the
 * host of SLACK_API_URL (a test fake), is ever called. False when Slack said no (e.g. the URL expired).
 */
export async function postToResponseUrl(
  ctx: Pick<AppContext, 'config' | 'logger'>,
  url: string,
  body: Record<string, unknown>,
): Promise<boolean> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const allowed = [SLACK_HOOKS, new URL(ctx.config.SLACK_API_URL).origin];
  if (!allowed.includes(target.origin)) {
    ctx.logger.warn('refused to post to a response URL outside Slack', { host: target.host });
    return false;
  }
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    await response.text();
    return response.ok;
  } catch (error) {
    ctx.logger.warn('could not post to a response URL', { error });
    return false;
  }
}
