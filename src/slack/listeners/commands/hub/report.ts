import type { Tally } from '../../../../domain/deprovision.js';
import { latestReportOf } from '../../../../services/reports/reports.js';
import { summaryWords } from '../../../blocks/report-notices.js';
import { escapeMrkdwn, slackDate } from '../../../blocks/text.js';
import { pickHub, requirePermission } from '../../../hub-access.js';
import { reportReply } from '../../../report-answers.js';
import type { Subcommand } from './types.js';

/** `/hub report [hub]`: the hub's open deprovision report again, privately, with its buttons. */
export const reportSubcommand: Subcommand = async ({ ctx, userId, args }) => {
  const hub = await pickHub(ctx, args.join(' ') || undefined, '/hub report');
  await requirePermission(ctx, userId, 'hub.view', hub);
  const report = await latestReportOf(ctx.db, hub.id);
  const label = `*${escapeMrkdwn(hub.label)}*`;
  if (!report) return { text: `${label} has no deprovision report: nobody with access to it has been deactivated in the directory.` };
  if (report.status === 'closed') {
    const summary = report.summary ? ` (${summaryWords(report.summary as Tally)})` : '';
    return { text: `${label} has no open deprovision report. The last one closed ${slackDate(report.closedAt ?? report.openedAt)}${summary}.` };
  }
  return reportReply(ctx, report.id, 0);
};
