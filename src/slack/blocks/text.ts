/** Escapes what a person typed so it can't ping `<!channel>`, hide a link or break mrkdwn. */
export function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Truncates to Slack's limit for a text object, leaving an ellipsis. The cut never falls inside an entity
 * (`&amp;`), a mention, channel, date or link (`<…>`), or a character outside the BMP: Slack would show
 * the broken half, or a broken link.
 */
export function fit(value: string, max = 3000): string {
  if (value.length <= max) return value;
  let end = max - 1;
  const open = value.lastIndexOf('<', end - 1);
  if (open !== -1 && value.indexOf('>', open) >= end) end = open;
  const amp = value.lastIndexOf('&', end - 1);
  if (amp !== -1 && end - amp < 6 && !value.slice(amp, end).includes(';')) end = amp;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${value.slice(0, end)}…`;
}

/** At most `max` items of a list, and a last line saying how many more there are. */
export function bounded(lines: readonly string[], max: number, more = (n: number) => `…and ${n.toLocaleString('en-US')} more`): string[] {
  return lines.length <= max ? [...lines] : [...lines.slice(0, max), more(lines.length - max)];
}

/** As many whole lines as fit in `chars` (joined by newlines), then one line saying how many were left out. */
export function linesWithin(lines: readonly string[], chars: number, leftOut = 0, more = (n: number) => `…and ${n.toLocaleString('en-US')} more`): string {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    // Room is kept for the "…and N more" line (at most ~30 characters).
    if (used + line.length + 1 > chars - 32) break;
    kept.push(line);
    used += line.length + 1;
  }
  const missing = lines.length - kept.length + leftOut;
  return [...kept, ...(missing > 0 ? [more(missing)] : [])].join('\n');
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
