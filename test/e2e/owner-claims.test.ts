import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { hubOwners, ownerClaims } from '../../db/schema.js';
import { generateBusiness } from '../fakes/fake-meta.js';
import type { FakeMessage } from '../fakes/fake-slack.js';
import { audits, commandAnswer, commandModal, eventually, submit } from '../support/access.js';
import { ADMIN, blockText, OWNER, startHarness, type Harness } from '../support/harness.js';
import { connectAndSync, seedDirectory, syncAgain } from '../support/members.js';
import { cardButton, hubIdOf, makeOwner, deactivateInDirectory, withDb } from '../support/reports.js';

// People matched (through their directory account) to one of the hub's Meta admins may ask to become owners;
// the hub's owners (and admins) approve or decline in Slack, once.
const business = generateBusiness({ id: '1111111111', members: 12, invitations: 0, systemUsers: 0, partners: 0, adminShare: 0.5, personalEmailShare: 0, seed: 83 });
const metaAdmins = business.users.filter((user) => user.role === 'ADMIN');
const employee = business.users.find((user) => user.role !== 'ADMIN')!;
const CLAIMANT = 'UCLAIM001';
const HOME_CLAIMANT = 'UCLAIM002';
const TURNS_GUEST = 'UCLAIM003';
const GUEST_ADMIN = 'UGUESTADM';
const EMPLOYEE = 'UEMPLOYEE';
const DEMOTED = 'UDEMOTED1';
const DEACTIVATED = 'UDEACTIV1';
const DAY = 86_400_000;

let h: Harness;
let hubId: string;
let directoryIds: Map<string, string>;
let now = Date.now();
beforeAll(async () => {
  expect(metaAdmins.length).toBeGreaterThanOrEqual(6);
  h = await startHarness({ meta: { business }, start: { clock: () => new Date(now), notify: { paceMs: 100, homeDebounceMs: 100 } } });
  const person = (id: string, email: string, extra: { isRestricted?: boolean } = {}) => h.slack.addUser({ id, name: id.toLowerCase(), realName: id, email, ...extra });
  person(CLAIMANT, metaAdmins[0]!.email);
  person(HOME_CLAIMANT, metaAdmins[1]!.email);
  person(TURNS_GUEST, metaAdmins[2]!.email);
  person(GUEST_ADMIN, metaAdmins[3]!.email, { isRestricted: true });
  person(EMPLOYEE, employee.email);
  person(DEMOTED, metaAdmins[4]!.email);
  person(DEACTIVATED, metaAdmins[5]!.email);
  directoryIds = await seedDirectory(h, business.users.map((user) => ({ userName: user.email, displayName: user.name })));
  await connectAndSync(h);
  hubId = await hubIdOf(h);
  await makeOwner(h, hubId, OWNER);
}, 30_000);
afterAll(async () => {
  await h.close();
});

const claimMessage = (userId: string, pattern: RegExp) => h.slack.messagesIn(userId).find((m) => pattern.test(String(m.text)) || pattern.test(blockText(m.blocks)));
const waitMessage = (userId: string, pattern: RegExp) => h.slack.waitFor(() => claimMessage(userId, pattern), 10_000);
const ownersOf = () => withDb(h, (db) => db.select().from(hubOwners).where(eq(hubOwners.hubId, hubId)));
const claimsOf = (claimant: string) => withDb(h, (db) => db.select().from(ownerClaims).where(and(eq(ownerClaims.hubId, hubId), eq(ownerClaims.claimantId, claimant))).orderBy(asc(ownerClaims.createdAt)));
const claimOf = (claimant: string) => withDb(h, async (db) => (await db.select().from(ownerClaims).where(and(eq(ownerClaims.hubId, hubId), eq(ownerClaims.claimantId, claimant))))[0]);
/** Clicks a button on a direct message; resolves with this click's private answer, or '' when none came within `waitMs`. */
async function click(userId: string, message: FakeMessage, actionId: string, waitMs = 3_000, value = cardButton(message, actionId)!) {
  const before = h.slack.responses.length;
  const sent = await h.client.blockAction({ userId, actionId, value, container: { type: 'message', channelId: message.channel, messageTs: message.ts } });
  const payload = JSON.parse(decodeURIComponent(sent.request.body.replace(/^payload=/, ''))) as { response_url: string };
  const id = payload.response_url.split('/').at(-1);
  const answer = await h.slack.waitFor((fake) => fake.responses.slice(before).find((r) => r.id === id), waitMs).catch(() => undefined);
  return String(answer?.body.text ?? '');
}

describe('asking to become an owner from /hub owners', () => {
  it('offers a person matched to a Meta admin to ask, and sends the request to every owner', async () => {
    const modal = await commandModal(h, CLAIMANT, 'owners');
    expect(modal.view.callback_id).toBe('owner_claim');
    expect(blockText(modal.view.blocks)).toContain(`your directory account is matched to *${metaAdmins[0]!.name}* (${metaAdmins[0]!.email}), an Admin of the business at Meta`);
    const answer = await submit(h, CLAIMANT, 'owner_claim', {}, modal.id, modal.view.private_metadata);
    expect(answer.view?.title).toMatchObject({ text: 'Request sent' });
    const mine = await waitMessage(CLAIMANT, /^You asked to become an owner of \*Acme Ads\*/);
    expect(mine.channel).toMatch(/^D/);
    for (const decider of [ADMIN, OWNER]) {
      const message = await waitMessage(decider, /asks to become an owner of/);
      expect(blockText(message.blocks)).toContain(`<@${CLAIMANT}> asks to become an owner of *Acme Ads*. They are matched to *${metaAdmins[0]!.name}*`);
      expect(cardButton(message, 'owner_claim_approve')).toBe((await claimOf(CLAIMANT))!.id);
    }
    expect((await audits(h, 'hub.owner_claimed'))[0]).toMatchObject({ actor: CLAIMANT, detail: { deciders: expect.arrayContaining([ADMIN, OWNER]) } });
  });

  it('stores a second ask once: the person hears that they already asked', async () => {
    expect((await commandAnswer(h, CLAIMANT, 'owners')).text).toMatch(/^You already asked to become an owner of \*Acme Ads\*/);
    expect(await audits(h, 'hub.owner_claimed')).toHaveLength(1);
  });

  it('two owners approving at once make one decision; the other is told who decided, and both messages show it', async () => {
    const [a, b] = [await waitMessage(ADMIN, /asks to become an owner/), await waitMessage(OWNER, /asks to become an owner/)];
    const answers = await Promise.all([click(ADMIN, a, 'owner_claim_approve'), click(OWNER, b, 'owner_claim_approve')]);
    const claim = (await claimOf(CLAIMANT))!;
    expect(claim.status).toBe('approved');
    const loser = claim.decidedBy === ADMIN ? OWNER : ADMIN;
    expect(answers.filter(Boolean)).toEqual([`Nothing changed: <@${claim.decidedBy}> already approved this request <!date^${Math.floor(claim.decidedAt!.getTime() / 1000)}^{date_short_pretty} at {time}|${claim.decidedAt!.toISOString().replace('T', ' ').slice(0, 16)} UTC>.`]);
    expect(answers[claim.decidedBy === ADMIN ? 1 : 0]).toMatch(/already approved/);
    expect(loser).not.toBe(claim.decidedBy);
    expect((await ownersOf()).find((o) => o.slackUserId === CLAIMANT)).toMatchObject({ source: 'claimed', addedBy: claim.decidedBy });
    expect(await audits(h, 'hub.owner_claim_approved')).toHaveLength(1);
    // Edited in place: the claimant's message says so, the deciders' lose their buttons.
    const mine = await h.slack.waitFor(() => {
      const m = claimMessage(CLAIMANT, /owner of \*Acme Ads\*/);
      return m && /You are now an owner/.test(blockText(m.blocks)) ? m : undefined;
    }, 10_000);
    expect(blockText(mine.blocks)).toContain(`Approved by <@${claim.decidedBy}>`);
    expect(h.slack.messagesIn(CLAIMANT).filter((m) => /owner of \*Acme Ads\*/.test(blockText(m.blocks)))).toHaveLength(1);
    for (const decider of [ADMIN, OWNER]) {
      const edited = await h.slack.waitFor(() => {
        const m = claimMessage(decider, /asks to become an owner/);
        return m && !cardButton(m, 'owner_claim_approve') ? m : undefined;
      }, 10_000);
      expect(blockText(edited.blocks)).toContain(`Approved by <@${claim.decidedBy}>`);
    }
    expect(blockText((await commandModal(h, OWNER, 'owners')).view.blocks)).toContain(`<@${CLAIMANT}> — claimed as a Meta admin, approved by <@${claim.decidedBy}>`);
  });

  it('refuses someone matched to no Meta admin, and a Slack guest even when matched to one', async () => {
    expect((await commandAnswer(h, EMPLOYEE, 'owners')).text).toMatch(/^Only owners of Acme Ads and Hubkeeper admins can do that/);
    expect((await commandAnswer(h, GUEST_ADMIN, 'owners')).text).toMatch(/^Slack guests can't own a hub\. Only owners of Acme Ads and Hubkeeper admins can change who owns it\. Ask one of them/);
    expect(await claimOf(GUEST_ADMIN)).toBeUndefined();
  });
});

describe('asking from Home, and declining', () => {
  const publishesFor = (userId: string) => h.slack.callsTo('views.publish').filter((c) => c.args.user_id === userId && c.response.ok);
  async function openHome(userId: string) {
    const before = publishesFor(userId).length;
    await h.client.event({ type: 'app_home_opened', user: userId, channel: `D${userId.slice(1)}`, tab: 'home' });
    await h.slack.waitFor(() => publishesFor(userId).length > before, 10_000);
    return h.slack.homeView(userId)!;
  }

  it('shows the button to a matched person (never to a guest), and a click sends the request', async () => {
    const guestHome = await openHome(GUEST_ADMIN);
    expect(blockText(guestHome.view.blocks)).not.toContain('Ask to become an owner');
    // A click the guest's Home never offered (a stale or forged one) is answered with why, and asks nothing.
    await h.client.blockAction({ userId: GUEST_ADMIN, actionId: 'home_claim_owner', value: hubId, container: { type: 'view', viewId: guestHome.id } });
    await waitMessage(GUEST_ADMIN, /^Slack guests can't own a hub\. You are a guest in this Slack workspace \(\*Acme Ads\*\)\.$/);
    expect(await claimOf(GUEST_ADMIN)).toBeUndefined();
    const home = await openHome(HOME_CLAIMANT);
    expect(blockText(home.view.blocks)).toContain('*Acme Ads*: you are matched to an Admin of the business at Meta, so you can ask to become an owner.');
    await h.client.blockAction({ userId: HOME_CLAIMANT, actionId: 'home_claim_owner', value: hubId, container: { type: 'view', viewId: home.id } });
    await waitMessage(HOME_CLAIMANT, /^You asked to become an owner of \*Acme Ads\*/);
    await h.slack.waitFor(() => /you asked to become an owner/.test(blockText(h.slack.homeView(HOME_CLAIMANT)!.view.blocks)) || undefined, 10_000);
  });

  it('a decline tells the claimant in the same message, makes nobody an owner, and a later click changes nothing', async () => {
    const message = await h.slack.waitFor(() => h.slack.messagesIn(OWNER).find((m) => blockText(m.blocks).includes(`<@${HOME_CLAIMANT}> asks`)), 10_000);
    const claimId = cardButton(message, 'owner_claim_approve')!;
    expect(await click(OWNER, message, 'owner_claim_decline', 1_500)).toBe('');
    await h.slack.waitFor(() => /was declined/.test(blockText(claimMessage(HOME_CLAIMANT, /owner of \*Acme Ads\*/)?.blocks)) || undefined, 10_000);
    expect((await ownersOf()).map((o) => o.slackUserId)).not.toContain(HOME_CLAIMANT);
    expect((await audits(h, 'hub.owner_claim_declined'))[0]).toMatchObject({ actor: OWNER, outcome: 'declined' });
    // A click on the message as it was before its edit reached Slack.
    expect(await click(OWNER, message, 'owner_claim_approve', 3_000, claimId)).toMatch(/^Nothing changed: You already declined this request/);
    expect((await claimOf(HOME_CLAIMANT))!.status).toBe('declined');
  });

  it('never makes a guest an owner: someone who became a guest after asking is refused at approval', async () => {
    const modal = await commandModal(h, TURNS_GUEST, 'owners');
    await submit(h, TURNS_GUEST, 'owner_claim', {}, modal.id, modal.view.private_metadata);
    const message = await h.slack.waitFor(() => h.slack.messagesIn(OWNER).find((m) => blockText(m.blocks).includes(`<@${TURNS_GUEST}> asks`)), 10_000);
    h.slack.addUser({ id: TURNS_GUEST, name: 'turns', realName: TURNS_GUEST, email: metaAdmins[2]!.email, isRestricted: true });
    expect(await click(OWNER, message, 'owner_claim_approve')).toMatch(new RegExp(`^<@${TURNS_GUEST}> is a Slack guest\\. Slack guests can't own a hub\\. Decline the request instead\\.`));
    expect((await claimOf(TURNS_GUEST))!.status).toBe('pending');
    expect((await ownersOf()).map((o) => o.slackUserId)).not.toContain(TURNS_GUEST);
  });

  it('lets nobody decide their own request', async () => {
    await makeOwner(h, hubId, TURNS_GUEST); // even once they own the hub some other way
    const message = await h.slack.waitFor(() => h.slack.messagesIn(OWNER).find((m) => blockText(m.blocks).includes(`<@${TURNS_GUEST}> asks`)), 10_000);
    expect(await click(TURNS_GUEST, message, 'owner_claim_approve')).toMatch(/^You cannot decide your own request/);
  });
});

describe('a request that no longer holds', () => {
  /** Asks through `/hub owners` and returns the owner's message with Approve / Decline. */
  async function ask(claimant: string) {
    const modal = await commandModal(h, claimant, 'owners');
    expect((await submit(h, claimant, 'owner_claim', {}, modal.id, modal.view.private_metadata)).view?.title).toMatchObject({ text: 'Request sent' });
    const claim = (await claimsOf(claimant)).at(-1)!;
    return h.slack.waitFor(() => h.slack.messagesIn(OWNER).find((m) => cardButton(m, 'owner_claim_approve') === claim.id), 10_000);
  }
  const noLongerAdmin = (claimant: string) =>
    `<@${claimant}> is no longer matched to an Admin of *Acme Ads* at Meta: no Admin in Meta's last check for updates has their active directory account. Nothing changed; decline the request, or add them with \`/hub owners\`.`;

  it('refuses to approve someone Meta demoted from Admin after they asked, and says what to do instead', async () => {
    const message = await ask(DEMOTED);
    business.users.find((user) => user.id === metaAdmins[4]!.id)!.role = 'EMPLOYEE';
    await syncAgain(h);
    expect(await click(OWNER, message, 'owner_claim_approve')).toBe(noLongerAdmin(DEMOTED));
    expect((await claimOf(DEMOTED))!.status).toBe('pending');
    expect((await ownersOf()).map((o) => o.slackUserId)).not.toContain(DEMOTED);
    expect((await audits(h, 'hub.owner_claim_approved')).filter((a) => (a.detail as { claimant?: string }).claimant === DEMOTED)).toEqual([]);
  });

  it('refuses to approve someone whose directory account was deactivated after they asked', async () => {
    const message = await ask(DEACTIVATED);
    await deactivateInDirectory(h, [directoryIds.get(metaAdmins[5]!.email)!]);
    expect(await click(OWNER, message, 'owner_claim_approve')).toBe(noLongerAdmin(DEACTIVATED));
    expect((await claimOf(DEACTIVATED))!.status).toBe('pending');
    expect((await ownersOf()).map((o) => o.slackUserId)).not.toContain(DEACTIVATED);
  });

  it('makes a declined person wait 7 days before asking again, says from when, and sends nobody anything meanwhile', async () => {
    const [declined] = await claimsOf(HOME_CLAIMANT);
    expect(declined!.status).toBe('declined');
    const from = new Date(declined!.decidedAt!.getTime() + 7 * DAY);
    const date = (d: Date) => `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} at {time}|${d.toISOString().replace('T', ' ').slice(0, 16)} UTC>`;
    const expected = `Your request to become an owner of *Acme Ads* was declined ${date(declined!.decidedAt!)}. After a decline you can ask again 7 days later: from ${date(from)}.`;
    // Home, redrawn at the decline, offers no button meanwhile: it says from when.
    await h.slack.waitFor(() => blockText(h.slack.homeView(HOME_CLAIMANT)!.view.blocks).includes(`*Acme Ads*: your request to become an owner was declined ${date(declined!.decidedAt!)}; you can ask again from ${date(from)}.`) || undefined, 10_000);
    expect(JSON.stringify(h.slack.homeView(HOME_CLAIMANT)!.view.blocks)).not.toContain('home_claim_owner');
    const deciderMessages = h.slack.messagesIn(OWNER).length;
    expect((await commandAnswer(h, HOME_CLAIMANT, 'owners')).text).toBe(expected);
    // The Home button as it was before the decline: the same answer, by direct message.
    const dms = h.slack.messagesIn(HOME_CLAIMANT).length;
    await h.client.blockAction({ userId: HOME_CLAIMANT, actionId: 'home_claim_owner', value: hubId, container: { type: 'view', viewId: h.slack.homeView(HOME_CLAIMANT)!.id } });
    await h.slack.waitFor(() => h.slack.messagesIn(HOME_CLAIMANT).slice(dms).find((m) => m.text === expected), 10_000);
    expect(await claimsOf(HOME_CLAIMANT)).toHaveLength(1);
    expect(h.slack.messagesIn(OWNER)).toHaveLength(deciderMessages);
    // The decline message itself said from when, too.
    expect(blockText(claimMessage(HOME_CLAIMANT, /was declined/)!.blocks)).toContain(`You can ask again from ${date(from)}.`);

    now = from.getTime() + 60_000;
    await ask(HOME_CLAIMANT);
    expect((await claimsOf(HOME_CLAIMANT)).map((c) => c.status)).toEqual(['declined', 'pending']);
  });

  it('expires a request nobody decided in 30 days: a late Approve changes nothing and every message says it expired', async () => {
    const [, pending] = await claimsOf(HOME_CLAIMANT);
    const message = h.slack.messagesIn(OWNER).find((m) => cardButton(m, 'owner_claim_approve') === pending!.id)!;
    now = pending!.createdAt.getTime() + 30 * DAY;
    expect(await click(OWNER, message, 'owner_claim_approve')).toMatch(new RegExp(`^Nothing changed: this request expired .*, as nobody decided it within 30 days\\. <@${HOME_CLAIMANT}> can ask again\\.$`));
    const expired = (await claimsOf(HOME_CLAIMANT))[1]!;
    expect(expired).toMatchObject({ status: 'expired', decidedBy: null, decidedAt: new Date(now) });
    expect((await ownersOf()).map((o) => o.slackUserId)).not.toContain(HOME_CLAIMANT);
    const mine = await waitMessage(HOME_CLAIMANT, /expired before anyone decided it/);
    expect(mine.history.map((m) => String(m.text))).toContainEqual(expect.stringMatching(/^You asked to become an owner of \*Acme Ads\*/)); // edited in place
    await h.slack.waitFor(() => {
      const edited = h.slack.messagesIn(OWNER).find((m) => m.ts === message.ts);
      return edited && !cardButton(edited, 'owner_claim_approve') && /Expired .*: nobody decided it within 30 days\./.test(blockText(edited.blocks)) ? edited : undefined;
    }, 10_000);
    expect(await click(OWNER, message, 'owner_claim_decline', 3_000, pending!.id)).toMatch(/^Nothing changed: this request expired/);
    expect((await claimsOf(HOME_CLAIMANT))[1]!.status).toBe('expired');
  });

  it('the periodic sweep expires the requests nobody clicked, audits each once, and redraws their messages', async () => {
    expect((await claimOf(DEMOTED))!.status).toBe('pending');
    now += 7 * DAY; // past the 30 days of the requests made before the clock moved
    await h.app.ctx.queues.enqueue('maintenance', 'expireClaims', {}, { jobId: `expire-claims-test-${now}` });
    // TURNS_GUEST's request (a guest since) waited as long.
    for (const claimant of [DEMOTED, DEACTIVATED, TURNS_GUEST]) {
      await eventually(async () => ((await claimOf(claimant))!.status === 'expired' ? true : undefined));
      await waitMessage(claimant, /expired before anyone decided it/);
      expect(h.slack.messagesIn(claimant).filter((m) => /^(You asked|Your request) to become an owner/.test(String(m.text)))).toHaveLength(1); // edited, not posted again
    }
    const expiredAudits = await audits(h, 'hub.owner_claim_expired');
    expect(expiredAudits.map((a) => (a.detail as { claimant: string }).claimant).sort()).toEqual([DEACTIVATED, DEMOTED, HOME_CLAIMANT, TURNS_GUEST].sort());
    expect(expiredAudits.every((a) => a.actor === 'system')).toBe(true);
  });
});
