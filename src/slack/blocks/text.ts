/** Escapes what a person typed so it can't ping `<!channel>`, hide a link or break mrkdwn. */
export function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Truncates to Slack's limit for a text object, leaving an ellipsis. */
export function fit(value: string, max = 3000): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

export const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: fit(text) });
export const plain = (text: string, max = 3000) => ({ type: 'plain_text' as const, text: fit(text, max), emoji: true });

export function section(text: string) {
  return { type: 'section' as const, text: mrkdwn(text) };
}

export function context(text: string) {
  return { type: 'context' as const, elements: [mrkdwn(text)] };
}

export function slackDate(date: Date, format = '{date_short_pretty} at {time}'): string {
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^${format}|${date.toISOString().replace('T', ' ').slice(0, 16)} UTC>`;
}
