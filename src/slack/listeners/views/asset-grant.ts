import type { AppContext } from '../../../context.js';
import { parseAssetGrant } from '../../forms/asset-forms.js';
import { onAssetSubmission } from './asset-submission.js';

/** "Grant access" submitted: the chosen tasks on the chosen asset (checked against what Meta takes). */
export const assetGrantSubmission = (ctx: AppContext) =>
  onAssetSubmission(ctx, {
    parse: parseAssetGrant,
    change: (input) => ({ op: 'grant', assetId: input.assetId, tasks: input.tasks, reason: null }),
  });
