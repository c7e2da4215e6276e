import { assetNoun, describeTasks } from '../../domain/asset-access.js';
import { assetAccessInputSchema, type AssetAccessInput } from '../../services/access/asset-access-input.js';
import { requesterLabel, type TaskView } from './task-message.js';
import { context, escapeMrkdwn, section, slackDate } from './text.js';

type Task = TaskView & { input?: unknown };

const bold = (text: string) => `*${escapeMrkdwn(text)}*`;

/** The sentences of one asset-access task: while it runs, when it is done, when it already was, and its failure. */
function sentences(hub: { label: string }, input: AssetAccessInput) {
  const label = bold(hub.label);
  const who = input.memberKind === 'partner' ? `the partner ${bold(input.name)}` : bold(input.name);
  const asset = input.asset ? `${bold(input.asset.name ?? input.asset.metaId)} (${assetNoun(input.asset.kind)})` : '';
  const held = input.held.length ? describeTasks(input.held) : 'no tasks';
  switch (input.op) {
    case 'grant': {
      const was = input.held.length ? ` (before: ${held})` : '';
      return {
        running: `Giving ${who} ${describeTasks(input.tasks ?? [])} on ${asset} in ${label}…`,
        done: `Gave ${who} ${describeTasks(input.tasks ?? [])} on ${asset} in ${label}${was}.`,
        already: `Gave ${who} ${describeTasks(input.tasks ?? [])} on ${asset} in ${label}.`,
        failed: `Could not give ${who} access to ${asset} in ${label}.`,
        unchanged: input.held.length ? `They still have ${held} on it.` : 'They still have no access to it.',
      };
    }
    case 'revoke':
    case 'partner_revoke':
      return {
        running: `Taking ${asset} away from ${who} in ${label}…`,
        done: `Took ${asset} away from ${who} in ${label}: ${input.op === 'partner_revoke' ? 'it' : 'they'} no longer ${input.op === 'partner_revoke' ? 'has' : 'have'} ${held} on it.`,
        already: `${who} no longer had access to ${asset} in ${label} in Meta; nothing else to do.`,
        failed: `Could not take ${asset} away from ${who} in ${label}.`,
        unchanged: `${input.op === 'partner_revoke' ? 'It still has' : 'They still have'} ${held} on it.`,
      };
    case 'partner_remove':
      return {
        running: `Removing ${who} from ${label}…`,
        done: `Removed ${who} from ${label}: it no longer has access to any asset of the business (it had ${escapeMrkdwn(input.held.join(', ') || 'no assets')}).`,
        already: `${who} was already gone from ${label} in Meta; nothing else to do.`,
        failed: `Could not remove ${who} from ${label}.`,
        unchanged: 'Its access is unchanged.',
      };
  }
}

/** The one message in the hub's channel that shows an asset-access change, from queued to its outcome. */
export function assetAccessTaskMessage(hub: { label: string }, task: Task) {
  const parsed = assetAccessInputSchema.safeParse(task.input);
  if (!parsed.success) return { text: 'An access change', blocks: [section('An access change.')] };
  const words = sentences(hub, parsed.data);
  const asked = `Asked by ${requesterLabel(task.requestedBy)} ${slackDate(task.createdAt)}`;
  const reason = parsed.data.reason ? ` · reason: “${escapeMrkdwn(parsed.data.reason)}”` : '';
  const plain = (text: string) => text.replace(/\*/g, '');
  switch (task.status) {
    case 'queued':
    case 'running':
      return { text: plain(words.running), blocks: [section(`:hourglass_flowing_sand: ${words.running}`), context(`${asked}${reason}`)] };
    case 'completed': {
      const line = task.summary?.outcome === 'already_gone' ? words.already : words.done;
      return { text: plain(line), blocks: [section(`:white_check_mark: ${line}`), context(`${asked}${reason}`)] };
    }
    case 'failed':
      return {
        text: `${plain(words.failed)} ${task.error ?? ''}`.trim(),
        blocks: [section(`:x: ${words.failed}\n${escapeMrkdwn(task.error ?? 'Unknown error.')}`), context(`${asked} · ${words.unchanged}`)],
      };
  }
}

/** The short line a channel gets when an asset-access change finishes. */
export function assetAccessResultLine(hub: { label: string }, task: Task): string {
  const parsed = assetAccessInputSchema.safeParse(task.input);
  if (!parsed.success) return `An access change in ${escapeMrkdwn(hub.label)} ${task.status}.`;
  const words = sentences(hub, parsed.data);
  if (task.status === 'failed') return `:x: ${words.failed} ${escapeMrkdwn(task.error ?? '')}`.trim();
  return `:white_check_mark: ${task.summary?.outcome === 'already_gone' ? words.already : words.done}`;
}
