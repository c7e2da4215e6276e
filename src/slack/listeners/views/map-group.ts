import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { roleLabel } from '../../../domain/invitations.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { GENERIC_FAILURE } from '../../../lib/errors.js';
import { listMappings, mapGroup } from '../../../services/access/group-mappings.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { groupsListMessage } from '../../blocks/groups.js';
import { noticeModal } from '../../blocks/member-modals.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { parseGroupSubmission } from '../../forms/access-forms.js';
import type { ViewStateValues } from '../../forms/view-state.js';
import { decodeHubContext } from '../../forms/hub-metadata.js';
import { explainRefusal } from '../../hub-access.js';
import { GroupFields } from '../../ids.js';
import { trackAfterAck } from '../../in-flight.js';
import { postToResponseUrl } from '../../../lib/slack-response-url.js';
import { HUB_GONE } from '../../../domain/wording.js';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs;

/** The Map a group modal's submit: maps it (once), then redraws the group list the person clicked Add in. */
export function mapGroupSubmission(ctx: AppContext) {
  return async ({ ack, body, view }: Args) => {
    const notice = (title: string, text: string) => ack({ response_action: 'update', view: noticeModal(title, text) as never });
    const form = parseGroupSubmission(view.state.values as ViewStateValues);
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const context = decodeHubContext(view.private_metadata);
    if (!context) return void (await notice('Form out of date', 'This form is out of date. Run `/hub groups` again.'));
    try {
      const hub = await getHub(ctx.db, context.hubId);
      if (!hub) return void (await notice('Hub not connected', HUB_GONE));
      const result = await mapGroup(ctx, hub, await resolveActor(ctx, body.user.id), form.input);
      if (result.status === 'refused') return void (await notice('Not allowed', await explainRefusal(ctx, result.reason, hub)));
      if (result.status === 'invalid') return void (await ack({ response_action: 'errors', errors: { [GroupFields[result.field].block]: result.message } }));
      const invited = result.queued ? ` ${result.queued} current ${result.queued === 1 ? 'member is' : 'members are'} being invited.` : '';
      await notice('Group mapped', `Mapped *${escapeMrkdwn(result.mapping.groupName)}* to *${escapeMrkdwn(hub.label)}* as ${roleLabel(result.mapping.metaRole)}.${invited} Progress shows in <#${hub.channelId}>.`);
      const listUrl = context.listUrl;
      if (listUrl) {
        await trackAfterAck(listMappings(ctx.db, hub.id)
          .then((mappings) => postToResponseUrl(ctx, listUrl, { response_type: 'ephemeral', replace_original: true, ...groupsListMessage(hub, mappings) }))
          .catch((error) => ctx.logger.warn('could not redraw the group list', { error })));
      }
    } catch (error) {
      ctx.logger.error('mapping a group failed', { error });
      await notice('Nothing changed', GENERIC_FAILURE);
    }
  };
}
