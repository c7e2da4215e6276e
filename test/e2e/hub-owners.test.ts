import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { audits, commandAnswer, commandModal, hubRow, noticeText, option, submit } from '../support/access.js';
import { ADMIN, blockText, HUB_CHANNEL, OWNER, startHarness, STRANGER, submitConnect, type Harness } from '../support/harness.js';
import { connectAndSync } from '../support/members.js';
import { hubIdOf, makeOwner, withDb } from '../support/reports.js';
import { stateValues, type StateValues } from '../support/slack-requests.js';
import { hubOwners } from '../../db/schema.js';

const business = generateBusiness({ id: '1111111111', members: 3, invitations: 0, systemUsers: 0, partners: 0, seed: 61 });
const GUEST = 'UGUEST001';
const NEWCOMER = 'UNEWCOMER1';
const OTHER_ADMIN = 'UADMIN02';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  h.slack.addUser({ id: GUEST, name: 'gus', realName: 'Gus Guest', email: 'gus@agency.example', isRestricted: true });
  h.slack.addUser({ id: NEWCOMER, name: 'nia', realName: 'Nia New', email: 'nia@acme.example' });
  h.slack.addUser({ id: OTHER_ADMIN, name: 'abe', realName: 'Abe Admin', email: 'abe@acme.example', isAdmin: true });
  h.slack.addChannel({ id: 'C0OTHER01', name: 'elsewhere' });
  await connectAndSync(h);
  await makeOwner(h, await hubIdOf(h), OWNER);
});
afterAll(async () => {
  await h.close();
});

const ownersValues = (add: string[], remove: string[] = []): StateValues => ({
  owners_add: { owners_add_input: { type: 'multi_users_select', selected_users: add } },
  owners_remove: { owners_remove_choice: stateValues.checkboxes(remove.map((id) => option(id))) },
});
const ownerIds = () => withDb(h, async (db) => (await db.select().from(hubOwners)).map((row) => row.slackUserId).sort());

describe('/hub owners', () => {
  it('is for owners and admins, and shows each owner with why they are one', async () => {
    expect((await commandAnswer(h, STRANGER, 'owners')).text).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that/);
    const modal = await commandModal(h, OWNER, 'owners');
    const shown = blockText(modal.view.blocks);
    expect(shown).toContain(`<@${ADMIN}> — connected the hub`);
    expect(shown).toContain(`<@${OWNER}> — connected the hub`); // the test helper seeds a second "connected" owner
  });

  it('refuses a Slack guest inline and changes nothing', async () => {
    const answer = await submit(h, OWNER, 'hub_owners', ownersValues([GUEST]), (await commandModal(h, OWNER, 'owners')).id);
    expect(answer).toEqual({ response_action: 'errors', errors: { owners_add: `<@${GUEST}> is a Slack guest. Slack guests can't own a hub.` } });
    expect(await ownerIds()).toEqual([ADMIN, OWNER].sort());
  });

  it('adds an owner, records who added them, and audits it', async () => {
    const answer = await submit(h, OWNER, 'hub_owners', ownersValues([NEWCOMER]), (await commandModal(h, OWNER, 'owners')).id);
    expect(noticeText(answer)).toBe(`Owners of *Acme Ads*: added <@${NEWCOMER}>.`);
    expect(await ownerIds()).toEqual([ADMIN, NEWCOMER, OWNER].sort());
    expect((await audits(h, 'hub.owner_added'))[0]).toMatchObject({ actor: OWNER, detail: { owner: NEWCOMER } });
    expect(blockText((await commandModal(h, OWNER, 'owners')).view.blocks)).toContain(`<@${NEWCOMER}> — added by <@${OWNER}>`);
  });

  it('never removes the last owner', async () => {
    const answer = await submit(h, ADMIN, 'hub_owners', ownersValues([], [ADMIN, OWNER, NEWCOMER]), (await commandModal(h, ADMIN, 'owners')).id);
    expect(answer).toEqual({ response_action: 'errors', errors: { owners_remove: 'A hub always keeps at least one owner. Add someone else before removing the last one.' } });
    const removed = await submit(h, ADMIN, 'hub_owners', ownersValues([], [OWNER]), (await commandModal(h, ADMIN, 'owners')).id);
    expect(noticeText(removed)).toBe(`Owners of *Acme Ads*: removed <@${OWNER}>.`);
    expect(await ownerIds()).toEqual([ADMIN, NEWCOMER].sort());
    expect((await audits(h, 'hub.owner_removed'))[0]).toMatchObject({ actor: ADMIN, detail: { owner: OWNER } });
  });
});

describe('connecting a business that is already connected', () => {
  it('updates the credentials: the submitter does not become an owner, the label and login method stay, a new channel is said', async () => {
    const before = await ownerIds();
    expect((await submitConnect(h.client, OTHER_ADMIN, { label: 'Other label', channelId: 'C0OTHER01', loginMethod: 'sso' })).status).toBe(200);
    expect(await ownerIds()).toEqual(before);
    expect(await hubRow(h)).toMatchObject({ label: 'Acme Ads', channelId: 'C0OTHER01', loginMethod: 'password', status: 'active' });
    const dm = await h.slack.waitFor(() => h.slack.messagesIn(OTHER_ADMIN).find((m) => /^Reconnected/.test(String(m.text))), 5_000);
    expect(String(dm.text)).toBe(
      `Reconnected *Acme Ads* with the new token. Its notifications moved from <#${HUB_CHANNEL}> to <#C0OTHER01>. A check for updates is running; progress shows in <#C0OTHER01>. ` +
      `Reconnecting changes only the token, app secret and channel: the label stays *Acme Ads*, the login method stays as it was (\`/hub login\` switches it).`,
    );
    expect((await audits(h, 'hub.reconnected'))[0]).toMatchObject({ actor: OTHER_ADMIN, detail: { appSecret: 'kept', channel: { from: HUB_CHANNEL, to: 'C0OTHER01' } } });
  });
});
