import type { AppContext } from '../../../context.js';
import { parseAssetReason } from '../../forms/asset-forms.js';
import { onAssetSubmission } from './asset-submission.js';

/** "Remove partner" confirmed: the partner loses its access to every asset of the business. */
export const partnerRemoveSubmission = (ctx: AppContext) =>
  onAssetSubmission(ctx, {
    parse: parseAssetReason,
    change: (input) => ({ op: 'partner_remove', reason: input.reason }),
  });
