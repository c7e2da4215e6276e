import { authorize, type Action } from '../domain/permissions.js';
import { chooseHub } from '../domain/hub-choice.js';
import type { AppContext } from '../context.js';
import { adminMentions, resolveActor } from '../services/hub-setup/actors.js';
import { UserFacingError } from '../lib/errors.js';
import { hubOwnerIds, listHubs, type Hub } from '../services/hub-setup/hubs.js';
import { escapeMrkdwn } from './blocks/text.js';

/** The hub a command names (or the only one), or a UserFacingError that lists the choices. */
export async function pickHub(ctx: AppContext, name: string | undefined, usage: string): Promise<Hub> {
  const choice = chooseHub(await listHubs(ctx.db), name);
  switch (choice.kind) {
    case 'found':
      return choice.hub;
    case 'no_hubs':
      throw new UserFacingError('No business hub is connected yet. An admin can connect one with `/hub connect`.');
    case 'name_needed':
    case 'unknown': {
      const names = choice.choices.map((hub) => `• ${escapeMrkdwn(hub.label)}`).join('\n');
      const lead = choice.kind === 'unknown' ? `There is no hub called “${escapeMrkdwn(choice.name)}”.` : 'Which hub?';
      throw new UserFacingError(`${lead} Say which one, e.g. \`${usage} ${choice.choices[0]!.label}\`:\n${names}`);
    }
  }
}

/** Throws a UserFacingError naming who can do it when the person may not take the action on the hub. */
export async function requirePermission(ctx: AppContext, userId: string, action: Action, hub?: Hub): Promise<void> {
  const decision = authorize(await resolveActor(ctx, userId), action, hub);
  if (decision.allowed) return;
  throw new UserFacingError(await explainRefusal(ctx, decision.reason, hub));
}

/** A refusal in words, naming who can do it instead. */
export async function explainRefusal(ctx: AppContext, reason: string, hub?: { id: string }): Promise<string> {
  const owners = hub ? (await hubOwnerIds(ctx.db, hub.id)).map((id) => `<@${id}>`) : [];
  const who = [owners.length ? `owners: ${owners.join(', ')}` : '', `admins: ${adminMentions(ctx.config)}`].filter(Boolean).join('; ');
  return `${reason} Ask one of them (${who}).`;
}
