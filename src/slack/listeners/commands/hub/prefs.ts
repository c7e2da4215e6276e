import { getOwnerSettings } from '../../../../services/reports/owner-settings.js';
import { chooseReportDms } from '../../../../services/reports/report-dms.js';
import type { Subcommand } from './types.js';

const USAGE = 'Say `/hub prefs dm on` to also get deprovision reports by direct message, or `/hub prefs dm off` to stop.';

/** `/hub prefs [dm on|off]`: an owner's own choices; "dm on" also sends the open reports of their hubs. */
export const prefsSubcommand: Subcommand = async ({ ctx, userId, args }) => {
  const [what, value] = args.map((arg) => arg.toLowerCase());
  if (!what) {
    const dm = (await getOwnerSettings(ctx.db, userId))?.dmReports ?? false;
    return { text: `Deprovision reports by direct message: *${dm ? 'on' : 'off'}*. ${USAGE}` };
  }
  if (what !== 'dm' || (value !== 'on' && value !== 'off')) return { text: `I don't know that preference. ${USAGE}` };
  const { ownedHubs } = await chooseReportDms(ctx, userId, value === 'on');
  if (value === 'off') return { text: 'Done: deprovision reports will no longer come to you by direct message. Cards already sent stay up to date.' };
  const note = ownedHubs ? ' Open reports of your hubs are on their way.' : ' You own no hub yet, so none will come until you do.';
  return { text: `Done: you will also get deprovision reports by direct message, with the same buttons.${note}` };
};
