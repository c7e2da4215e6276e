import type { AppContext } from '../context.js';
import { plural } from '../domain/wording.js';
import type { ReportResult } from '../services/reports/decisions.js';
import type { ReviewResult } from '../services/reviews/decisions.js';
import { reviewStatus } from './blocks/review-card.js';
import { escapeMrkdwn } from './blocks/text.js';
import { explainRefusal } from './hub-access.js';
import { reportResultText } from './report-answers.js';

const nameOf = (item: { name: string | null; email: string | null }) => `*${escapeMrkdwn(item.name ?? item.email ?? 'this person')}*`;

/** What a removal decided on a review card came to on the deprovision report. */
async function removalWords(ctx: AppContext, removal: ReportResult | 'for_owners' | undefined, userId: string): Promise<string> {
  if (removal === undefined) return 'They were not on their way out, so nothing more happens.';
  if (removal === 'for_owners') return 'They are on the deprovision report now; an owner of the hub approves the removal there.';
  if (removal.status === 'done') return 'Hubkeeper is removing them from Meta now; the deprovision report shows the outcome.';
  return (await reportResultText(ctx, removal, userId)) ?? '';
}

/** Words for the person who clicked on a review card (nothing when the redrawn card says it all). */
export async function reviewResultText(ctx: AppContext, result: ReviewResult, userId: string): Promise<string | undefined> {
  switch (result.status) {
    case 'done':
      if (result.item.decision === 'remove') return `Removal of ${nameOf(result.item)} recorded. ${await removalWords(ctx, result.removal, userId)}`;
      if (result.item.decision === 'change_role') return `Role change of ${nameOf(result.item)} queued; the outcome will show in the hub's channel.`;
      return undefined;
    case 'kept_all':
      return result.kept ? `Kept ${plural(result.kept, 'person', 'people')}.` : 'Nothing changed: nobody on your card was still waiting.';
    case 'conflict':
      return `Nothing changed: ${nameOf(result.item)} was already decided. ${reviewStatus(result.item, userId).replace(/^:[a-z_]+: /, '')}.`;
    case 'closed':
      return 'Nothing changed: this access review is closed.';
    case 'invalid':
      return result.message;
    case 'refused':
      return explainRefusal(ctx, result.reason, result.hub);
    case 'not_found':
      return 'That access review no longer exists.';
  }
}
