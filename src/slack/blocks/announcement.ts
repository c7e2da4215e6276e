import { EVENT_COUNTS, type TaskEvent } from '../../domain/announcements.js';
import type { DigestContent } from '../../services/notifications/outbox.js';
import { plural } from '../../domain/wording.js';
import { context, escapeMrkdwn, fit, section } from './text.js';

const SAMPLE_LINES = 8;

function countWords(event: string | null, count: number): string {
  return plural(count, ...(EVENT_COUNTS[event as TaskEvent] ?? ['result', 'results']));
}

/** One finished task, as the short line a channel shows. The line is already escaped mrkdwn. */
export function resultLineMessage(line: string) {
  return { text: fit(line, 3000), blocks: [section(line)] };
}

/**
 * Many results as one message: counts by hub and event, the failures and latest results as a sample, and
 * where to see the rest. Stays one message (a handful of blocks) however many results it holds.
 */
export function digestMessage(content: DigestContent) {
  if (content.total === 1 && content.sample[0]) return resultLineMessage(content.sample[0]);
  const byHub = new Map<string, string[]>();
  for (const group of content.groups) {
    const hub = group.hubLabel ?? 'Hubkeeper';
    byHub.set(hub, [...(byHub.get(hub) ?? []), countWords(group.event, group.count)]);
  }
  const lines = [...byHub].map(([hub, counts]) => `*${escapeMrkdwn(hub)}*: ${counts.join(', ')}`);
  const summary = [...byHub].map(([hub, counts]) => `${escapeMrkdwn(hub)}: ${counts.join(', ')}`).join('; ');
  const total = plural(content.total, 'task result');
  const rest = content.total - Math.min(content.sample.length, SAMPLE_LINES);
  return {
    text: fit(`${total}. ${summary}`, 3000),
    blocks: [
      section(`:clipboard: *${total}*\n${lines.slice(0, 20).join('\n')}${lines.length > 20 ? `\n…and ${lines.length - 20} more hubs` : ''}`),
      section(content.sample.slice(0, SAMPLE_LINES).join('\n')),
      context(rest > 0 ? `…and ${rest.toLocaleString('en-US')} more. Each hub's \`/hub tasks\` and \`/hub audit\` list every one.` : 'All results are listed above.'),
    ],
  };
}
