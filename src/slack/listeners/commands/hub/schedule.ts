import { UserFacingError } from '../../../../lib/errors.js';
import { setDailyCheckTime } from '../../../../services/hub-setup/schedules.js';
import { escapeMrkdwn } from '../../../blocks/text.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import type { Subcommand } from './types.js';

/** `/hub schedule HH:MM [hub]`: moves the hub's daily check for updates (in the hub's time zone). */
export const scheduleSubcommand: Subcommand = async ({ ctx, userId, args }) => {
  const [time, ...name] = args;
  if (!time || !/^([01]?\d|2[0-3]):[0-5]\d$/.test(time)) {
    throw new UserFacingError("Give the time of the daily check as HH:MM in the hub's time zone, e.g. `/hub schedule 06:30` (`/hub settings` changes the time zone).");
  }
  const hub = await pickHub(ctx, name.join(' ') || undefined, `/hub schedule ${time}`);
  await requirePermission(ctx, userId, 'hub.sync', hub);
  const hhmm = time.padStart(5, '0');
  await setDailyCheckTime(ctx, hub, hhmm, userId);
  return { text: `*${escapeMrkdwn(hub.label)}* will be checked for updates every day at ${hhmm} (${hub.dailySyncTz}).` };
};
