// The demo's last act: directory people seeded before the first check, then the members matching could not
// settle are settled from Slack — one matched through the directory search, one exempted, one removed.
import { createDatabase } from '../../db/client.js';
import { directoryUsers } from '../../db/schema.js';
import type { FakeBusinessData } from '../fakes/fake-meta.js';
import type { FakeSlack } from '../fakes/fake-slack.js';
import { stateValues, type SlackClient } from '../support/slack-requests.js';
import { readable, renderBlocks } from './render.js';

type Block = { type: string; text?: { text: string }; elements?: Array<{ action_id?: string; value?: string }> };
type Say = (text: string) => void;

/** People the company's IdP would have provisioned: most work-email members, plus one under a work address. */
export async function seedDemoDirectory(databaseUrl: string, business: FakeBusinessData, leaveOut: string[]): Promise<void> {
  const work = business.users.filter((user) => user.email.endsWith(`@${business.domain}`) && !leaveOut.includes(user.email));
  const people = [
    ...work.map((user) => ({ userName: user.email, displayName: user.name, givenName: user.first_name, familyName: user.last_name, email: user.email })),
    { userName: 'quinn.rossi@acme.example', displayName: 'Quinn Rossi', givenName: 'Quinn', familyName: 'Rossi', email: 'quinn.rossi@acme.example' },
  ];
  const { db, close } = createDatabase(databaseUrl, { max: 1 });
  try {
    await db.insert(directoryUsers).values(people.map(({ email, ...person }) => ({
      ...person, workEmail: email, emails: [{ value: email, type: 'work', primary: true }], emailKeys: [email],
      // As the SCIM endpoint stores it, so the IdP's later PATCHes (the deprovision act) apply to it.
      resource: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: person.userName, displayName: person.displayName, active: true,
        name: { givenName: person.givenName, familyName: person.familyName }, emails: [{ value: email, type: 'work', primary: true }],
      },
    })));
  } finally {
    await close();
  }
}

function rowValue(blocks: Block[], email: string, actionId: string): string {
  const at = blocks.findIndex((block) => block.type === 'section' && block.text?.text.includes(email));
  const value = blocks[at + 1]?.elements?.find((element) => element.action_id === actionId)?.value;
  if (!value) throw new Error(`no ${actionId} for ${email} in the list`);
  return value;
}

export async function settleMembers(slack: FakeSlack, client: SlackClient, admin: string, channel: string, step: Say, say: Say) {
  const list = async (text: string) => {
    const before = slack.responses.length;
    await client.command({ userId: admin, text, channelId: channel });
    return (await slack.waitFor((fake) => fake.responses[before], 10_000)).body as { blocks: Block[] };
  };
  const click = async (actionId: string, value: string) => {
    const modals = slack.callsTo('views.open').filter((call) => call.response.ok).length;
    await client.blockAction({ userId: admin, actionId, value, container: { type: 'message', channelId: channel, messageTs: '1.000001', isEphemeral: true } });
    const call = await slack.waitFor((fake) => fake.callsTo('views.open').filter((c) => c.response.ok)[modals], 10_000);
    const view = call.args.view as { blocks: unknown; title: { text: string } };
    say(`  [modal: ${view.title.text}]\n${renderBlocks(view.blocks, slack)}`);
    return String((call.response as { view: { id: string } }).view.id);
  };

  step('Ada types /hub members — the people automatic matching could not settle, 15 a page:');
  const unmatched = await list('members');
  say(renderBlocks(unmatched.blocks.slice(0, 9), slack));
  say('    …');

  step('Quinn Rossi signs in with a personal address. Ada clicks Match and searches the directory for "quinn r":');
  const matchView = await click('member_match', rowValue(unmatched.blocks, 'quinn.rossi@yahoo.com', 'member_match'));
  const search = await client.blockSuggestion({ userId: admin, actionId: 'directory_search', blockId: 'match_person', value: 'quinn r', viewId: matchView });
  const options = (search.json as { options: Array<{ text: { text: string }; value: string }> }).options;
  const quinn = options.find((option) => option.text.text.startsWith('Quinn Rossi'));
  say(`    search results: ${options.map((option) => option.text.text).join('; ')}`);
  await client.viewSubmission({
    userId: admin, callbackId: 'match_member', viewId: matchView,
    values: {
      match_person: { directory_search: stateValues.externalSelect({ text: quinn!.text.text, value: quinn!.value }) },
      match_role: { match_role_input: stateValues.radioButtons({ text: 'Collaborator', value: 'collaborator' }) },
    },
  });
  say('    Ada picks Quinn Rossi as a Collaborator and submits.');

  step('Victor is a freelancer with no directory account. Ada clicks Exempt:');
  const exemptView = await click('member_exempt', rowValue((await list('members')).blocks, 'victor.silva@icloud.com', 'member_exempt'));
  const until = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const tooShort = await client.viewSubmission({
    userId: admin, callbackId: 'exempt_member', viewId: exemptView,
    values: { exempt_reason: { exempt_reason_input: stateValues.plainTextInput('freelance') }, exempt_expires: { exempt_expires_input: stateValues.datepicker(until) } },
  });
  say(`    A reason of one word is answered inline: ${Object.values((tooShort.json as { errors: Record<string, string> }).errors).join(' ')}`);
  await client.viewSubmission({
    userId: admin, callbackId: 'exempt_member', viewId: exemptView,
    values: {
      exempt_reason: { exempt_reason_input: stateValues.plainTextInput('Freelance video editor for the spring campaign; contract ends in June') },
      exempt_expires: { exempt_expires_input: stateValues.datepicker(until) },
    },
  });
  say(`    With a real reason and an end date (${until}) it goes through.`);

  step('Kemi left last month. Ada clicks Remove — the confirmation says what access goes with it:');
  const removeView = await click('member_remove', rowValue((await list('members')).blocks, 'kemi.ueda@yahoo.com', 'member_remove'));
  await client.viewSubmission({
    userId: admin, callbackId: 'remove_member', viewId: removeView,
    values: { remove_reason: { remove_reason_input: stateValues.plainTextInput('Left the company in May') } },
  });
  const removed = await slack.waitFor((fake) => fake.messagesIn(channel).find((m) => /^(Removed|Could not remove)/.test(String(m.text))), 20_000);
  say('  #meta-access:');
  say(renderBlocks(removed.blocks, slack));

  step('Ada looks at the exempted list and at everyone matched by hand or automatically:');
  say(renderBlocks((await list('members exempted')).blocks, slack));
  const onboarded = await list('members onboarded');
  const rows = (blocks: Block[]) => blocks.filter((block) => block.type === 'section' && /→/.test(block.text?.text ?? ''));
  say(renderBlocks([onboarded.blocks[0], ...rows(onboarded.blocks).slice(0, 2)], slack));
  say('    …');
  const next = onboarded.blocks.flatMap((block) => block.elements ?? []).find((element) => element.action_id === 'members_page_next');
  const before = slack.responses.length;
  await client.blockAction({ userId: admin, actionId: 'members_page_next', value: next!.value!, container: { type: 'message', channelId: channel, messageTs: '1.000002', isEphemeral: true } });
  const page2 = (await slack.waitFor((fake) => fake.responses[before], 10_000)).body as { blocks: Block[] };
  say(`  [Next ▶] ${readable(page2.blocks[0]!.text!.text, slack)}`);
  say(renderBlocks(rows(page2.blocks).filter((block) => block.text!.text.includes('quinn.rossi@yahoo.com')), slack));
}
