import { describeEvents, EVENT_WORDS, parseAnnounceArgs } from '../../../../domain/announcements.js';
import { setAnnouncements } from '../../../../services/hub-setup/announcements.js';
import { escapeMrkdwn } from '../../../blocks/text.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import type { Subcommand } from './types.js';

const WORDS = `${Object.values(EVENT_WORDS).map((word) => `\`${word}\``).join(', ')}, or \`all\`, \`failures\`, \`none\``;

/** `/hub announce [hub] [events…]`: shows or chooses which finished tasks a hub announces in channels. */
export const announceSubcommand: Subcommand = async ({ ctx, userId, args }) => {
  const { hubName, events } = parseAnnounceArgs(args);
  const hub = await pickHub(ctx, hubName, '/hub announce');
  const where = `<#${hub.channelId}>${ctx.config.NOTIFY_CHANNEL_ID ? ` and <#${ctx.config.NOTIFY_CHANNEL_ID}>` : ''}`;
  const label = `*${escapeMrkdwn(hub.label)}*`;
  if (!events) {
    await requirePermission(ctx, userId, 'hub.view', hub);
    return { text: `${label} announces ${describeEvents(hub.announceEvents)} in ${where}. Choose with \`/hub announce ${escapeMrkdwn(hub.label)} <events>\` from ${WORDS}. Whoever asked for a task is told privately either way.` };
  }
  await requirePermission(ctx, userId, 'hub.sync', hub);
  await setAnnouncements(ctx, hub, events, userId);
  return { text: `${label} now announces ${describeEvents(events)} in ${where}.` };
};
