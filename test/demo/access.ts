// The demo's access act: the login method switched to single sign-on (members re-matched by work account),
// then an invitation — one new person, one already in the hub — sent as a work account.
import type { FakeSlack } from '../fakes/fake-slack.js';
import { stateValues, type SlackClient } from '../support/slack-requests.js';
import { readable, renderBlocks } from './render.js';

type Say = (text: string) => void;
type View = { id: string; blocks: unknown; title: { text: string } };

export async function switchLoginAndInvite(slack: FakeSlack, client: SlackClient, admin: string, channel: string, existing: string, step: Say, say: Say) {
  const openFrom = async (text: string): Promise<View> => {
    const modals = slack.callsTo('views.open').filter((call) => call.response.ok).length;
    await client.command({ userId: admin, text, channelId: channel });
    const call = await slack.waitFor((fake) => fake.callsTo('views.open').filter((c) => c.response.ok)[modals], 10_000);
    const view = call.args.view as View;
    say(`  [modal: ${view.title.text}]\n${renderBlocks(view.blocks, slack)}`);
    return { ...view, id: String((call.response as { view: { id: string } }).view.id) };
  };
  const option = (value: string) => ({ text: value, value });
  const checks = () => slack.messagesIn(channel).filter((m) => /checked for updates/.test(String(m.text))).length;

  step('Acme moves Meta to single sign-on. Ada types /hub login:');
  const login = await openFrom('login');
  const before = checks();
  await client.viewSubmission({ userId: admin, callbackId: 'switch_login', viewId: login.id, values: { login_method: { login_method_choice: stateValues.radioButtons(option('sso')) } } });
  const line = await slack.waitFor((fake) => fake.messagesIn(channel).find((m) => /switched the login method/.test(String(m.text))), 15_000);
  say('  #meta-access:');
  say(renderBlocks(line.blocks, slack));
  const rematch = await slack.waitFor((fake) => (checks() > before ? fake.messagesIn(channel).filter((m) => /checked for updates/.test(String(m.text))).at(-1) : undefined), 30_000);
  say(renderBlocks(rematch.blocks, slack));

  step('Ada saves SSO again by mistake — nothing changes, and the modal says so:');
  const again = await openFrom('login');
  const same = await client.viewSubmission({ userId: admin, callbackId: 'switch_login', viewId: again.id, values: { login_method: { login_method_choice: stateValues.radioButtons(option('sso')) } } });
  say(renderBlocks((same.json as { view: { blocks: unknown } }).view.blocks, slack));

  step('A new hire starts. Ada types /hub invite and adds her, plus someone who is already in the hub:');
  const invite = await openFrom('invite');
  const receipt = await client.viewSubmission({
    userId: admin, callbackId: 'invite_members', viewId: invite.id,
    values: {
      invite_emails: { invite_emails_input: stateValues.plainTextInput(`nina.new@acme.example\n${existing}`) },
      invite_people: { directory_search: { type: 'multi_external_select', selected_options: [] } },
      invite_role: { invite_role_input: stateValues.staticSelect(option('EMPLOYEE')) },
      invite_work_account: { invite_work_account_input: stateValues.checkboxes([option('yes')]) },
    },
  });
  say(`  [modal: Invitations queued]\n${renderBlocks((receipt.json as { view: { blocks: unknown } }).view.blocks, slack)}`);
  const sent = await slack.waitFor((fake) => fake.messagesIn(channel).find((m) => /^Invited /.test(String(m.text))), 20_000);
  say('  #meta-access:');
  say(renderBlocks(sent.blocks, slack));
  say(`    (${readable(String(sent.text), slack)})`);
}
