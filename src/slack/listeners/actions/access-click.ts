import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { HUB_GONE } from '../../../domain/wording.js';
import { GENERIC_FAILURE, UserFacingError } from '../../../lib/errors.js';
import { accessView, type AccessView } from '../../../services/access/asset-access.js';
import { getHub, type Hub } from '../../../services/hub-setup/hubs.js';
import { noticeModal } from '../../blocks/member-modals.js';
import { decodeAssetContext, type AssetModalContext } from '../../forms/asset-forms.js';
import { requirePermission } from '../../hub-access.js';
import { trackAfterAck } from '../../in-flight.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;
export type AccessClick = { hub: Hub; view: AccessView; context: AssetModalContext; value: string };

/**
 * A button inside the Access modal: acks at once, checks permission and reads the member's access as it is
 * now, then pushes the modal `then` builds on top. A click inside a modal has no response URL, so every
 * refusal or late click comes back as a pushed notice.
 */
export function onAccessClick(ctx: AppContext, then: (click: AccessClick) => Record<string, unknown>) {
  return async ({ ack, body, action }: Args) => {
    await ack();
    const push = (view: Record<string, unknown>) => ctx.slackInteractive.views.push({ trigger_id: body.trigger_id, view: view as never });
    await trackAfterAck((async () => {
      let view: Record<string, unknown>;
      try {
        const context = decodeAssetContext(body.view?.private_metadata);
        if (!context) throw new UserFacingError('This view is out of date. Run `/hub members` again.');
        const hub = await getHub(ctx.db, context.hubId);
        if (!hub) throw new UserFacingError(HUB_GONE);
        await requirePermission(ctx, body.user.id, 'member.asset_access', hub);
        const access = await accessView(ctx.db, hub.id, context.memberId);
        if (!access) throw new UserFacingError('That member is no longer in this hub.');
        view = then({ hub, view: access, context, value: action.value ?? '' });
      } catch (error) {
        if (!(error instanceof UserFacingError)) ctx.logger.error('access click failed', { error });
        view = noticeModal('Nothing changed', error instanceof UserFacingError ? error.message : GENERIC_FAILURE);
      }
      await push(view).catch((error: unknown) => ctx.logger.warn('views.push failed for an access modal', { error }));
    })());
  };
}
