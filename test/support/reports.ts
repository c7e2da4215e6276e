// Helpers for the deprovision report e2e tests: deactivate people (over SCIM or directly), find report cards,
// click their buttons as Slack would, and read the outcome from Postgres and the fakes.
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, directoryUsers, hubOwners, hubs, reportItems, reports } from '../../db/schema.js';
import type { FakeMessage } from '../fakes/fake-slack.js';
import { blockText, HUB_CHANNEL, type Harness } from './harness.js';
import { database } from './members.js';

type Json = Record<string, unknown>;
type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Json[] };

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Okta's deactivation: PATCH replace {active: false}, over the real SCIM endpoint. */
export async function scimSetActive(h: Harness, directoryUserId: string, active: boolean): Promise<number> {
  const response = await fetch(`${h.app.url}/scim/v2/Users/${directoryUserId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${h.config.SCIM_BEARER_TOKEN}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active } }] }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`SCIM PATCH answered ${response.status}: ${text}`);
  return response.status;
}

/** Provisions people over the real SCIM endpoint, as Okta would; returns their ids by email. */
export async function scimCreateUsers(h: Harness, people: Array<{ email: string; name: string }>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const person of people) {
    const response = await fetch(`${h.app.url}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.config.SCIM_BEARER_TOKEN}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: person.email, displayName: person.name, active: true,
        emails: [{ value: person.email, type: 'work', primary: true }],
      }),
    });
    const body = (await response.json()) as { id: string };
    if (response.status !== 201) throw new Error(`SCIM POST answered ${response.status}`);
    ids.set(person.email, body.id);
  }
  return ids;
}

/** What the SCIM endpoint writes on a deactivation, straight into Postgres (for tests that don't test SCIM). */
export async function deactivateInDirectory(h: Harness, ids: string[], at = new Date()): Promise<void> {
  const { db, close } = database(h);
  try {
    await db.update(directoryUsers).set({ active: false, deactivatedAt: at, deactivatedVia: 'patch-replace-active' }).where(inArray(directoryUsers.id, ids));
  } finally {
    await close();
  }
}

export async function withDb<T>(h: Harness, work: (db: ReturnType<typeof database>['db']) => Promise<T>): Promise<T> {
  const { db, close } = database(h);
  try {
    return await work(db);
  } finally {
    await close();
  }
}

export const makeOwner = (h: Harness, hubId: string, slackUserId: string) =>
  withDb(h, (db) => db.insert(hubOwners).values({ hubId, slackUserId, source: 'connected' }).onConflictDoNothing());

export const hubIdOf = (h: Harness) => withDb(h, async (db) => (await db.select({ id: hubs.id }).from(hubs))[0]!.id);

export const itemsOf = (h: Harness) => withDb(h, (db) => db.select().from(reportItems));
export const reportsOf = (h: Harness) => withDb(h, (db) => db.select().from(reports));
export const auditActions = (h: Harness, actions: string[]) =>
  withDb(h, (db) => db.select().from(auditEvents).where(inArray(auditEvents.action, actions)));
export const itemOf = (h: Harness, email: string) =>
  withDb(h, async (db) => (await db.select().from(reportItems).where(eq(reportItems.email, email)))[0]);
export const openReport = (h: Harness) =>
  withDb(h, async (db) => (await db.select().from(reports).where(eq(reports.status, 'open')))[0]);
export const setThreshold = (h: Harness, pct: number) => withDb(h, (db) => db.update(hubs).set({ safeguardThresholdPct: pct }));
export const itemIdsOf = (h: Harness, reportId: string) =>
  withDb(h, async (db) => (await db.select({ id: reportItems.id }).from(reportItems).where(and(eq(reportItems.reportId, reportId)))).map((row) => row.id));

/** The newest report card in a channel (or an owner's DM). */
export function cardIn(h: Harness, channel: string): FakeMessage | undefined {
  return h.slack.messagesIn(channel).filter((message) => /^Deprovision report for /.test(String(message.text))).at(-1);
}

/** Waits until the card in `channel` shows something that passes `test`. */
export function cardShowing(h: Harness, channel: string, test: (text: string, card: FakeMessage) => boolean, timeoutMs = 15_000) {
  return h.slack.waitFor(() => {
    const card = cardIn(h, channel);
    return card && test(blockText(card.blocks), card) ? card : undefined;
  }, timeoutMs);
}

/** The value of an item's button on a card, found by the member's email. */
export function itemButton(card: FakeMessage | { blocks?: unknown[] }, email: string, actionId: string): string | undefined {
  const blocks = (card.blocks ?? []) as Block[];
  const at = blocks.findIndex((block) => block.type === 'section' && block.text?.text.includes(email));
  const next = at >= 0 ? blocks[at + 1] : undefined;
  if (!next || next.type !== 'actions') return undefined;
  return next.elements?.find((element) => element.action_id === actionId)?.value as string | undefined;
}

export function cardButton(card: FakeMessage | { blocks?: unknown[] }, actionId: string): string | undefined {
  for (const block of (card.blocks ?? []) as Block[]) {
    const found = block.elements?.find((element) => element.action_id === actionId);
    if (found) return found.value as string;
  }
  return undefined;
}

/** Clicks a button on a card as `userId`; resolves with the private answer's text (or '' when none came). */
export async function clickCard(h: Harness, userId: string, card: FakeMessage, actionId: string, value: string, options: { retryNum?: number; wait?: boolean } = {}) {
  const before = h.slack.responses.length;
  const sent = await h.client.blockAction({
    userId, actionId, value, container: { type: 'message', channelId: card.channel, messageTs: card.ts },
    ...(options.retryNum !== undefined ? { retryNum: options.retryNum } : {}),
  });
  if (sent.status !== 200) throw new Error(`click answered ${sent.status}`);
  if (options.wait === false) return '';
  // This click's own response URL, so clicks at the same moment each get their own answer.
  const payload = JSON.parse(decodeURIComponent(sent.request.body.replace(/^payload=/, ''))) as { response_url: string };
  const id = payload.response_url.split('/').at(-1);
  const response = await h.slack
    .waitFor((fake) => fake.responses.slice(before).find((r) => r.id === id && r.body.replace_original !== true), 10_000)
    .catch(() => undefined);
  return String(response?.body.text ?? '');
}

/** The modal a click opened (the next successful views.open after `count`). */
export async function modalAfter(h: Harness, count: number) {
  const call = await h.slack.waitFor((fake) => fake.callsTo('views.open').filter((c) => c.response.ok)[count], 10_000);
  const view = (call.response as { view: Json }).view;
  return { id: String(view.id), view: call.args.view as Json & { blocks: Block[]; private_metadata: string; title: { text: string }; submit?: { text: string } } };
}

export const okModalCount = (h: Harness) => h.slack.callsTo('views.open').filter((c) => c.response.ok).length;

export const deletesTo = (h: Harness, metaId?: string) =>
  h.meta.requests.filter((r) => r.method === 'DELETE' && (metaId === undefined || r.path.endsWith(`/${metaId}`)));

/** The closing summary posted in a channel, once the report closed. */
export const closingIn = (h: Harness, channel = HUB_CHANNEL, timeoutMs = 15_000) =>
  h.slack.waitFor(() => h.slack.messagesIn(channel).find((m) => /^The deprovision report for .* is closed: /.test(String(m.text))), timeoutMs);
