import type { AppContext } from '../../../context.js';
import { keepAll, keepItem, removeItem } from '../../../services/reviews/decisions.js';
import { onReviewClick } from './review-click.js';

/** Keep on one person: compare-and-set, so a double click or a Slack retry changes nothing. */
export const reviewKeepButton = (ctx: AppContext) =>
  onReviewClick(ctx, (click) => keepItem(ctx, click.actor, click.value, ctx.clock()));

/** Remove on one person (Slack asked to confirm first): the deprovision report's path and safeguard. */
export const reviewRemoveButton = (ctx: AppContext) =>
  onReviewClick(ctx, (click) => removeItem(ctx, click.actor, click.value, ctx.clock()));

/** Keep all: every person on the reviewer's card still waiting, up to the newest one the card showed. */
export const reviewKeepAllButton = (ctx: AppContext) =>
  onReviewClick(ctx, async (click) => {
    const [campaignId = '', seq = ''] = click.value.split('|');
    if (!/^\d{1,12}$/.test(seq)) return { status: 'not_found' };
    return keepAll(ctx, click.actor, campaignId, Number(seq), ctx.clock());
  });
