// Turns what Hubkeeper sent to Slack into the text a person would read, for the demo's output.
import type { FakeSlack } from '../fakes/fake-slack.js';

type Block = { type: string; text?: { text: string }; elements?: Array<{ type: string; text?: string | { text: string } }>; label?: { text: string }; element?: { type: string } };

/** Resolves Slack's mrkdwn tokens (<@U…>, <#C…>, <!date^…|fallback>) to readable words. */
export function readable(text: string, slack: FakeSlack): string {
  return text
    .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, '$1')
    .replace(/<@([UW][A-Z0-9]+)>/g, (_, id: string) => `@${String(slack.user(id)?.name ?? id)}`)
    .replace(/<#([CG][A-Z0-9]+)>/g, (_, id: string) => `#${slack.channel(id)?.name ?? id}`)
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Block Kit blocks as indented plain text; buttons in [brackets]. */
export function renderBlocks(blocks: unknown, slack: FakeSlack, indent = '    '): string {
  const lines: string[] = [];
  for (const block of (blocks as Block[] | undefined) ?? []) {
    if (block.type === 'section' && block.text) lines.push(readable(block.text.text, slack));
    else if (block.type === 'context') lines.push(...(block.elements ?? []).map((e) => readable(typeof e.text === 'string' ? e.text : e.text?.text ?? '', slack)));
    else if (block.type === 'actions') lines.push((block.elements ?? []).map((e) => `[${typeof e.text === 'string' ? e.text : e.text?.text}]`).join(' '));
    else if (block.type === 'input') lines.push(`${block.label?.text}: <${block.element?.type}>`);
    else if (block.type === 'divider') lines.push('────────');
  }
  return lines.join('\n').split('\n').map((line) => indent + line).join('\n');
}
