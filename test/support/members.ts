// Helpers for the member e2e tests: seed the directory, read the list a person sees, click in it, fill modals.
import { and, eq } from 'drizzle-orm';
import { createDatabase } from '../../db/client.js';
import { auditEvents, directoryUsers, members } from '../../db/schema.js';
import { ADMIN, HUB_CHANNEL, submitConnect, type Harness } from './harness.js';
import { stateValues, type StateValues } from './slack-requests.js';

type Json = Record<string, unknown>;
type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Array<Json> };

export type Person = { userName: string; displayName?: string; givenName?: string; familyName?: string; emails?: string[]; active?: boolean };

/** Direct database access for seeding and for asserting real outcomes. */
export function database(h: Harness) {
  return createDatabase(h.config.DATABASE_URL, { max: 2 });
}

/** Inserts directory people the way SCIM would have stored them; returns their ids by userName. */
export async function seedDirectory(h: Harness, people: Person[]): Promise<Map<string, string>> {
  const { db, close } = database(h);
  try {
    const rows = await db
      .insert(directoryUsers)
      .values(people.map((p) => {
        const emails = p.emails ?? [p.userName];
        return {
          userName: p.userName,
          active: p.active ?? true,
          displayName: p.displayName ?? null,
          givenName: p.givenName ?? null,
          familyName: p.familyName ?? null,
          workEmail: emails[0] ?? null,
          emails: emails.map((value, i) => ({ value, type: 'work', primary: i === 0 })),
          emailKeys: emails.map((email) => email.toLowerCase()),
        };
      }))
      .returning({ id: directoryUsers.id, userName: directoryUsers.userName });
    return new Map(rows.map((row) => [row.userName, row.id]));
  } finally {
    await close();
  }
}

export async function memberByEmail(h: Harness, email: string) {
  const { db, close } = database(h);
  try {
    const [row] = await db.select().from(members).where(eq(members.email, email));
    return row;
  } finally {
    await close();
  }
}

export async function auditOf(h: Harness, action: string, memberId: string) {
  const { db, close } = database(h);
  try {
    return await db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.memberId, memberId)));
  } finally {
    await close();
  }
}

/** Connects the default hub and waits for the first check for updates to finish. */
export async function connectAndSync(h: Harness, values: Parameters<typeof submitConnect>[2] = {}) {
  await submitConnect(h.client, ADMIN, values);
  return h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => /checked for updates|failed/.test(String(m.text))), 20_000);
}

/** Runs `/hub sync` and waits for its result message. */
export async function syncAgain(h: Harness) {
  const count = h.slack.messagesIn(HUB_CHANNEL).filter((m) => /checked for updates/.test(String(m.text))).length;
  await h.client.command({ userId: ADMIN, text: 'sync' });
  return h.slack.waitFor(() => {
    const done = h.slack.messagesIn(HUB_CHANNEL).filter((m) => /checked for updates/.test(String(m.text)));
    return done.length > count ? done.at(-1) : undefined;
  }, 20_000);
}

/** The next answer through a response URL after `before`. */
export async function responseBody(h: Harness, before: number) {
  const response = await h.slack.waitFor((fake) => fake.responses[before], 10_000);
  return response.body as { text?: string; blocks?: Block[]; replace_original?: boolean };
}

/** `/hub members …` as `userId`; the private answer. */
export async function membersList(h: Harness, userId: string, text = 'members') {
  const before = h.slack.responses.length;
  await h.client.command({ userId, text, channelId: HUB_CHANNEL });
  return responseBody(h, before);
}

/** The value of a member's button in a list, found by the member's email. */
export function rowButton(blocks: Block[] | undefined, email: string, actionId: string): string | undefined {
  const list = blocks ?? [];
  const at = list.findIndex((block) => block.type === 'section' && block.text?.text.includes(email));
  const actions = at >= 0 ? list[at + 1] : undefined;
  if (!actions || actions.type !== 'actions') return undefined;
  return actions.elements?.find((element) => element.action_id === actionId)?.value as string | undefined;
}

/** Like rowButton, but the member must be on the page. */
export function mustRowButton(blocks: Block[] | undefined, email: string, actionId: string): string {
  const value = rowButton(blocks, email, actionId);
  if (!value) throw new Error(`no ${actionId} button for ${email} on this page`);
  return value;
}

export function buttonValue(blocks: Block[] | undefined, actionId: string): string | undefined {
  for (const block of blocks ?? []) {
    const found = block.elements?.find((element) => element.action_id === actionId);
    if (found) return found.value as string;
  }
  return undefined;
}

/** Clicks a button in an ephemeral list; returns the index responses start at. */
export async function clickInList(h: Harness, userId: string, actionId: string, value: string, blocks: Block[] = []) {
  const before = h.slack.responses.length;
  const result = await h.client.blockAction({
    userId, actionId, value,
    container: { type: 'message', channelId: HUB_CHANNEL, messageTs: '1700000000.000100', isEphemeral: true },
    message: { type: 'message', ts: '1700000000.000100', text: '', blocks },
  });
  return { before, status: result.status };
}

/** The modal views.open showed last (after a click), with its id. */
export async function openedModal(h: Harness, count: number) {
  const call = await h.slack.waitFor((fake) => fake.callsTo('views.open').filter((c) => c.response.ok)[count], 10_000);
  const view = (call.response as { view: Json }).view;
  return { id: String(view.id), view: call.args.view as Json & { blocks: Block[]; private_metadata: string; title: { text: string } } };
}

export const okModals = (h: Harness) => h.slack.callsTo('views.open').filter((c) => c.response.ok).length;

export const matchValues = (person: { text: string; value: string } | null, role: 'owner' | 'collaborator' = 'collaborator'): StateValues => ({
  match_person: { directory_search: stateValues.externalSelect(person) },
  match_role: { match_role_input: stateValues.radioButtons({ text: role, value: role }) },
});

export const exemptValues = (reason: string | null, until: string | null = null): StateValues => ({
  exempt_reason: { exempt_reason_input: stateValues.plainTextInput(reason) },
  exempt_expires: { exempt_expires_input: stateValues.datepicker(until) },
});

export const removeValues = (reason: string | null = null): StateValues => ({
  remove_reason: { remove_reason_input: stateValues.plainTextInput(reason) },
});
