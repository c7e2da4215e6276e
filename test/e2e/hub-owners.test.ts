import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBusiness } from '../fakes/fake-meta.js';
import { audits, commandAnswer, commandModal, noticeText, option, submit } from '../support/access.js';
import { ADMIN, blockText, OWNER, startHarness, STRANGER, type Harness } from '../support/harness.js';
import { connectAndSync } from '../support/members.js';
import { hubIdOf, makeOwner, withDb } from '../support/reports.js';
import { stateValues, type StateValues } from '../support/slack-requests.js';
import { hubOwners } from '../../db/schema.js';

const business = generateBusiness({ id: '1111111111', members: 3, invitations: 0, systemUsers: 0, partners: 0, seed: 61 });
const GUEST = 'UGUEST001';
const NEWCOMER = 'UNEWCOMER1';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ meta: { business } });
  h.slack.addUser({ id: GUEST, name: 'gus', realName: 'Gus Guest', email: 'gus@agency.example', isRestricted: true });
  h.slack.addUser({ id: NEWCOMER, name: 'nia', realName: 'Nia New', email: 'nia@acme.example' });
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
    expect(answer).toEqual({ response_action: 'errors', errors: { owners_add: `<@${GUEST}> is a Slack guest; guests cannot own a hub.` } });
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
