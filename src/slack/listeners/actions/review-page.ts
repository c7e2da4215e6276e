import type { AppContext } from '../../../context.js';
import { turnReviewPage } from '../../../services/reviews/cards.js';
import { isUuid } from '../../../lib/text.js';
import { onReviewClick } from './review-click.js';

/** Previous / Next on a review card: the card turns to that page, redrawn in its turn. */
export const reviewPageButton = (ctx: AppContext) =>
  onReviewClick(ctx, async (click) => {
    const [cardId = '', page = ''] = click.value.split('|');
    if (!isUuid(cardId) || !/^\d{1,6}$/.test(page)) return undefined;
    await turnReviewPage(ctx, click.actor, cardId, Number(page));
    return undefined;
  });
