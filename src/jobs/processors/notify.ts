import { exemptionsExpired } from '../../services/members/expire-exemptions.js';
import { announceTaskResult } from '../../services/notifications/announce-task-result.js';
import { flushChannel } from '../../services/notifications/flush-channel.js';
import { publishHome, refreshHomes } from '../../services/notifications/home.js';
import { renderTaskMessage } from '../../services/notifications/render-task-message.js';
import { refreshReportCards, renderReportCard } from '../../services/reports/cards.js';
import { renderEscalation } from '../../services/reports/escalations.js';
import { renderReviewCard, renderReviewTracker } from '../../services/reviews/cards.js';
import { finishCampaign } from '../../services/reviews/finish.js';
import { renderClaimMessages } from '../../services/hub-setup/claim-messages.js';
import type { QueueProcessors } from './types.js';

export const notifyProcessors: QueueProcessors<'notify'> = {
  renderTaskMessage: (ctx, payload) => renderTaskMessage(ctx, payload),
  refreshReportCards: (ctx, payload) => refreshReportCards(ctx, payload),
  renderReportCard: (ctx, payload) => renderReportCard(ctx, payload),
  renderEscalation: (ctx, payload) => renderEscalation(ctx, payload),
  announceTaskResult: (ctx, payload) => announceTaskResult(ctx, payload),
  exemptionsExpired: (ctx, payload) => exemptionsExpired(ctx, payload),
  flushChannel: (ctx, payload) => flushChannel(ctx, payload),
  refreshHomes: (ctx, payload) => refreshHomes(ctx, payload),
  publishHome: (ctx, { userId }) => publishHome(ctx, userId),
  renderReviewCard: (ctx, payload) => renderReviewCard(ctx, payload),
  renderReviewTracker: (ctx, payload) => renderReviewTracker(ctx, payload),
  finishCampaign: (ctx, payload) => finishCampaign(ctx, payload),
  renderClaimMessages: (ctx, payload) => renderClaimMessages(ctx, payload),
};
