import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { GENERIC_FAILURE } from '../../../lib/errors.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { requestInvites } from '../../../services/access/invitations.js';
import { invitesQueuedText, nothingToInviteText } from '../../blocks/invite-modal.js';
import { noticeModal } from '../../blocks/member-modals.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { decodeHubContext } from '../../forms/hub-metadata.js';
import { parseInviteSubmission } from '../../forms/invite-form.js';
import { explainRefusal } from '../../hub-access.js';
import { InviteFields } from '../../ids.js';
import { HUB_GONE } from '../../../domain/wording.js';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs;

/**
 * The invite modal's submit: validation, permission, the duplicate check and the task's creation happen before
 * the ack, so problems come back inline and a queued request turns the modal into a receipt. Meta is called by
 * the invitation task on the queue.
 */
export function inviteMembersSubmission(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const notice = (title: string, text: string) => ack({ response_action: 'update', view: noticeModal(title, text) as never });
    const form = parseInviteSubmission(view.state.values as ViewStateValues);
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const context = decodeHubContext(view.private_metadata);
    if (!context) return void (await notice('Form out of date', 'This form is out of date. Run `/hub invite` again.'));
    try {
      const hub = await getHub(ctx.db, context.hubId);
      if (!hub) return void (await notice('Hub not connected', HUB_GONE));
      const result = await requestInvites(ctx, hub, await resolveActor(ctx, body.user.id), form.input);
      switch (result.status) {
        case 'refused':
          return void (await notice('Not allowed', await explainRefusal(ctx, result.reason, hub)));
        case 'invalid':
          return void (await ack({ response_action: 'errors', errors: { [InviteFields[result.field].block]: result.message } }));
        case 'nothing_new': {
          const field = form.input.emails.length ? InviteFields.emails.block : InviteFields.people.block;
          return void (await ack({ response_action: 'errors', errors: { [field]: nothingToInviteText(result.duplicates) } }));
        }
        case 'queued':
          return void (await notice('Invitations queued', invitesQueuedText(hub, form.input.role, result.fresh, result.duplicates, result.pausedUntil)));
      }
    } catch (error) {
      ctx.logger.error('invite request failed', { error });
      await notice('Nothing changed', GENERIC_FAILURE);
    }
  };
}
