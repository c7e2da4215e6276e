import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { authorize } from '../../../domain/permissions.js';
import { resolveActor } from '../../../services/actors.js';
import { getHub } from '../../../services/hubs.js';
import { searchPeople } from '../../../services/people-search.js';
import { plain } from '../../blocks/text.js';
import { decodeModalContext } from '../../forms/member-metadata.js';

/**
 * The Match modal's directory search (external_select → block_suggestion). Answers within Slack's 3 s with up
 * to 20 active people; only someone who may match members in that hub gets any.
 */
export function directorySearchOptions(ctx: AppContext) {
  return async ({ ack, body, payload }: AllMiddlewareArgs & SlackOptionsMiddlewareArgs<'block_suggestion'>) => {
    try {
      const context = decodeModalContext((body as { view?: { private_metadata?: string } }).view?.private_metadata);
      const hub = context && (await getHub(ctx.db, context.hubId));
      if (!hub || !authorize(await resolveActor(ctx, body.user.id), 'member.match', hub).allowed) return void (await ack({ options: [] }));
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
