// The demo's later acts: who owns the hub and its settings, an IdP group mapped to the hub inviting the people
// who join it, the removal safeguard holding a report that would remove too many, and the Home tab as text.
import { asc, eq } from 'drizzle-orm';
import { createDatabase } from '../../db/client.js';
import { directoryUsers } from '../../db/schema.js';
import type { FakeMeta } from '../fakes/fake-meta.js';
import type { FakeSlack } from '../fakes/fake-slack.js';
import { stateValues, type SlackClient } from '../support/slack-requests.js';
import { readable, renderBlocks } from './render.js';

type Say = (text: string) => void;
export type Demo = { slack: FakeSlack; meta: FakeMeta; client: SlackClient; appUrl: string; scimToken: string; databaseUrl: string; admin: string; stranger: string; channel: string };
type View = { id: string; blocks: unknown; title: { text: string } };
type Block = { elements?: Array<{ action_id?: string; value?: string }> };

const option = (value: string) => ({ text: value, value });

async function scim(demo: Demo, method: string, path: string, body: unknown): Promise<{ status: number; id?: string }> {
  const response = await fetch(`${demo.appUrl}/scim/v2${path}`, {
    method, headers: { authorization: `Bearer ${demo.scimToken}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body),
  });
  const json = response.status === 204 ? {} : ((await response.json()) as { id?: string });
  return { status: response.status, ...(json.id ? { id: json.id } : {}) };
}

/** Opens the modal a command or a button opens, and prints it. */
async function modalFrom(demo: Demo, say: Say, open: () => Promise<unknown>): Promise<View> {
  const ok = () => demo.slack.callsTo('views.open').filter((call) => call.response.ok);
  const before = ok().length;
  await open();
  const call = await demo.slack.waitFor(() => ok()[before], 10_000);
  const view = call.args.view as View;
  say(`  [modal: ${view.title.text}]\n${renderBlocks(view.blocks, demo.slack)}`);
  return { ...view, id: String((call.response as { view: { id: string } }).view.id) };
}

export async function ownersAndSettings(demo: Demo, step: Say, say: Say): Promise<void> {
  step('Ada types /hub owners — who owns Acme Ads and why:');
  await modalFrom(demo, say, () => demo.client.command({ userId: demo.admin, text: 'owners', channelId: demo.channel }));
  step('Ada types /hub settings — the safeguard, reminders, the daily check and where cards go, per hub:');
  await modalFrom(demo, say, () => demo.client.command({ userId: demo.admin, text: 'settings', channelId: demo.channel }));
}

export async function groupInvites(demo: Demo, step: Say, say: Say): Promise<void> {
  step('Okta pushes the group "Marketing" over SCIM. Ada types /hub groups and maps it to Acme Ads:');
  const group = await scim(demo, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Marketing' });
  const before = demo.slack.responses.length;
  await demo.client.command({ userId: demo.admin, text: 'groups', channelId: demo.channel });
  const list = (await demo.slack.waitFor((fake) => fake.responses[before], 10_000)).body as { text?: string; blocks?: Block[] };
  say(`    ${readable(String(list.text), demo.slack)}`);
  const add = (list.blocks ?? []).flatMap((block) => block.elements ?? []).find((element) => element.action_id === 'groups_add')!;
  const modal = await modalFrom(demo, say, () => demo.client.blockAction({
    userId: demo.admin, actionId: 'groups_add', value: String(add.value),
    container: { type: 'message', channelId: demo.channel, messageTs: '1.000003', isEphemeral: true }, message: { type: 'message', ts: '1.000003', text: '' },
  }));
  const search = await demo.client.blockSuggestion({ userId: demo.admin, actionId: 'group_search', blockId: 'group_pick', value: 'mark', viewId: modal.id });
  const found = (search.json as { options: Array<{ text: { text: string }; value: string }> }).options;
  say(`    search "mark": ${found.map((o) => o.text.text).join('; ')}`);
  const answer = await demo.client.viewSubmission({
    userId: demo.admin, callbackId: 'map_group', viewId: modal.id,
    values: {
      group_pick: { group_search: stateValues.externalSelect({ text: 'Marketing', value: group.id! }) },
      group_role: { group_role_input: stateValues.staticSelect(option('EMPLOYEE')) },
      group_invite_current: { group_invite_current_input: stateValues.checkboxes([]) },
    },
  });
  say(renderBlocks((answer.json as { view?: { blocks: unknown } }).view?.blocks, demo.slack));

  step('Two new marketers start: Okta creates them and adds them to Marketing; Hubkeeper invites them:');
  const hires = ['nora.park@acme.example', 'omar.haddad@acme.example'];
  const ids: string[] = [];
  for (const email of hires) {
    const [given, family] = email.split('@')[0]!.split('.');
    const created = await scim(demo, 'POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: email, active: true,
      name: { givenName: given, familyName: family }, emails: [{ value: email, type: 'work', primary: true }],
    });
    ids.push(created.id!);
  }
  const patched = await scim(demo, 'PATCH', `/Groups/${group.id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
  });
  say(`    SCIM PATCH /Groups/… answered ${patched.status}.`);
  const invited = await demo.slack.waitFor((fake) => fake.messagesIn(demo.channel).find((m) => /^Invited .*/.test(String(m.text)) && /Marketing/.test(JSON.stringify(m.blocks))), 20_000);
  say('  #meta-access:');
  say(renderBlocks(invited.blocks, demo.slack));
}

export async function safeguardHolds(demo: Demo, step: Say, say: Say): Promise<void> {
  const { db, close } = createDatabase(demo.databaseUrl, { max: 1 });
  const leavers = await db
    .select({ id: directoryUsers.id, userName: directoryUsers.userName })
    .from(directoryUsers)
    .where(eq(directoryUsers.active, true))
    .orderBy(asc(directoryUsers.userName))
    .limit(12);
  await close();

  step(`A reorganisation: Okta deactivates ${leavers.length} people at once. The removal safeguard holds the report:`);
  const deletes = () => demo.meta.requests.filter((request) => request.method === 'DELETE').length;
  const before = deletes();
  await Promise.all(leavers.map((person) => scim(demo, 'PATCH', `/Users/${person.id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }],
  })));
  const card = await demo.slack.waitFor((fake) => fake.messagesIn(demo.channel).find((m) => /held by the safeguard/.test(String(m.text))), 30_000);
  say('  #meta-access — the report card (first lines):');
  say(renderBlocks((card.blocks as unknown[]).slice(0, 3), demo.slack));
  say('    …');
  say(`    Removals sent to Meta since the deactivations: ${deletes() - before}. An owner must confirm the count first.`);
}

export async function homeTab(demo: Demo, step: Say, say: Say): Promise<void> {
  step('Ada opens Hubkeeper’s Home tab in Slack:');
  const published = () => demo.slack.callsTo('views.publish').filter((call) => call.args.user_id === demo.admin && call.response.ok).length;
  const before = published();
  await demo.client.event({ type: 'app_home_opened', user: demo.admin, channel: `D${demo.admin.slice(1)}`, tab: 'home' });
  await demo.slack.waitFor(() => published() > before, 10_000);
  say(renderBlocks(demo.slack.homeView(demo.admin)?.view.blocks, demo.slack));
}
