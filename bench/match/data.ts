import type { MatchDirectoryUser, MatchMember, MatchWorkspaceAccount } from '../../src/domain/matching.js';
import { seededRandom } from '../../test/fakes/meta-business.js';

export type MatchData = { members: MatchMember[]; directory: MatchDirectoryUser[]; workspace: MatchWorkspaceAccount[] };
export type Sizes = { members: number; directory: number; workspace: number };

const uuid = (prefix: number, n: number) => `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const messy = (email: string, r: number) => (r < 0.1 ? email.toUpperCase() : r < 0.15 ? `  ${email} ` : email);

/**
 * A large company, deterministically: directory people with a work email, a userName and sometimes a second
 * email (5 % deactivated, 0.5 % sharing an address); Slack accounts for most employees plus guests; Meta members
 * of every kind — matched by work email, userName, other email or pending email, guests, strangers, service
 * accounts and people settled by hand — with emails written in mixed case and with stray spaces.
 */
export function generateMatchData(sizes: Sizes, seed = 7): MatchData {
  const rnd = seededRandom(seed);
  const directory: MatchDirectoryUser[] = new Array(sizes.directory);
  for (let i = 0; i < sizes.directory; i++) {
    const work = flat(`person.${i}@corp.example`);
    const shared = rnd() < 0.005 ? flat(`team.${i % 97}@corp.example`) : null;
    const emails = shared ? [work, shared] : rnd() < 0.3 ? [work, flat(`p${i}@home.example`)] : [work];
    const userName = rnd() < 0.2 ? flat(`login.${i}@corp.example`) : work;
    directory[i] = { id: flat(uuid(1, i)), active: rnd() >= 0.05, userName, workEmail: work, emails };
  }
  const workspace: MatchWorkspaceAccount[] = new Array(sizes.workspace);
  for (let i = 0; i < sizes.workspace; i++) {
    const email = i % 5 === 0 ? `guest.${i}@agency.example` : `person.${i * 3}@corp.example`;
    workspace[i] = { slackUserId: flat(`U${i.toString(36).toUpperCase().padStart(9, '0')}`), email: flat(email) };
  }
  const members: MatchMember[] = new Array(sizes.members);
  for (let i = 0; i < sizes.members; i++) {
    const r = rnd();
    const person = Math.floor(rnd() * sizes.directory);
    let email: string | null;
    let pendingEmail: string | null = null;
    if (r < 0.55) email = messy(`person.${person}@corp.example`, rnd());
    else if (r < 0.62) email = messy(directory[person]!.userName, rnd());
    else if (r < 0.66) email = `p${person}@home.example`;
    else if (r < 0.7) [email, pendingEmail] = [`old.${i}@gone.example`, `person.${person}@corp.example`];
    else if (r < 0.78) email = `guest.${Math.floor(rnd() * (sizes.workspace / 5)) * 5}@agency.example`;
    else if (r < 0.8) email = `team.${i % 97}@corp.example`;
    else email = `stranger.${i}@gmail.example`;
    const kind = r > 0.99 ? (rnd() < 0.8 ? 'system_user' : 'partner') : rnd() < 0.03 ? 'invitation' : 'business_user';
    const manual = rnd() < 0.03;
    members[i] = {
      id: flat(uuid(2, i)), kind, email: kind === 'system_user' || kind === 'partner' ? null : flatOrNull(email), pendingEmail: flatOrNull(pendingEmail),
      state: manual ? (rnd() < 0.5 ? 'exempted' : 'onboarded') : 'unmatched',
      directoryUserId: null, workspaceAccountId: null, matchNote: null, manual,
    };
  }
  return { members, directory, workspace };
}

/**
 * Rows reach planMatches from the database driver, whose strings are flat; template literals make rope
 * strings that V8 would flatten on first hashing. Decoding each one again, as a driver would, keeps the
 * benchmark honest without a big transient peak before the measured step.
 */
const flat = (value: string): string => JSON.parse(JSON.stringify(value)) as string;
const flatOrNull = (value: string | null): string | null => (value === null ? null : flat(value));
