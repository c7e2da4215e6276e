import type { AppContext } from '../../../context.js';
import { parseAssetReason } from '../../forms/asset-forms.js';
import { onAssetSubmission } from './asset-submission.js';

/** "Take access away" confirmed: one asset goes from a person (assigned_users) or a partner (agencies). */
export const assetRevokeSubmission = (ctx: AppContext) =>
  onAssetSubmission(ctx, {
    parse: parseAssetReason,
    change: (input, context) => ({ op: 'revoke', assetId: context.assetId, reason: input.reason }),
  });
