import type { AppContext } from '../../../context.js';
import { partnerRemoveModal } from '../../blocks/access-modal.js';
import { onAccessClick } from './access-click.js';

/** "Remove partner from …": a confirmation that lists every asset the partner loses. */
export const partnerRemoveButton = (ctx: AppContext) =>
  onAccessClick(ctx, ({ hub, view, context }) => partnerRemoveModal(hub, view, context));
