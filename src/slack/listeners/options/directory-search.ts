import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { authorize, type Action } from '../../../domain/permissions.js';
import { resolveActor } from '../../../services/hub-setup/actors.js';
import { getHub } from '../../../services/hub-setup/hubs.js';
import { searchPeople } from '../../../services/members/people-search.js';
import { plain } from '../../blocks/text.js';
import { hubIdOfModal } from '../../forms/hub-metadata.js';
import { Views } from '../../ids.js';

type View = { private_metadata?: string; callback_id?: string };

/** The permission a search needs: the one of the modal it is in (Match, or Invite). */
const PERMISSION: Record<string, Action> = { [Views.inviteMembers]: 'member.invite' };

/**
 * The directory search of the Match and Invite modals (external_select → block_suggestion). Answers within
 * Slack's 3 s with up to 20 active people; only someone who may use that modal in that hub gets any.
 */
export function directorySearchOptions(ctx: AppContext) {
  return async ({ ack, body, payload }: AllMiddlewareArgs & SlackOptionsMiddlewareArgs<'block_suggestion'>) => {
    try {
      const view = (body as { view?: View }).view;
      const hubId = hubIdOfModal(view?.private_metadata);
      const hub = hubId && (await getHub(ctx.db, hubId));
      const action = PERMISSION[view?.callback_id ?? ''] ?? 'member.match';
      if (!hub || !authorize(await resolveActor(ctx, body.user.id), action, hub).allowed) return void (await ack({ options: [] }));
      const people = await searchPeople(ctx.db, payload.value ?? '');
      await ack({
        options: people.map((person) => ({
          text: plain(person.email && person.email !== person.name ? `${person.name} — ${person.email}` : person.name, 75),
          value: person.id,
        })),
      });
    } catch (error) {
      ctx.logger.error('directory search failed', { error });
      await ack({ options: [] });
    }
  };
}
