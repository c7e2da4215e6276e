// Helpers for the login, invitation, role and group e2e tests: open a modal from a command, fill it, talk SCIM.
import { and, eq } from 'drizzle-orm';
import { auditEvents, hubs, tasks } from '../../db/schema.js';
import { blockText, HUB_CHANNEL, type Harness } from './harness.js';
import { database, okModals, openedModal, responseBody } from './members.js';
import { stateValues, type StateValues } from './slack-requests.js';

type Json = Record<string, unknown>;
type Answer = { text?: string; blocks?: Json[]; view?: { blocks: unknown; title?: { text: string } }; errors?: Record<string, string> };

/** Runs `/hub <text>` as someone who expects a modal; returns it (or fails with the private answer). */
export async function commandModal(h: Harness, userId: string, text: string) {
  const modals = okModals(h);
  const before = h.slack.responses.length;
  await h.client.command({ userId, text, channelId: HUB_CHANNEL });
  const opened = await h.slack.waitFor(
    (fake) => fake.callsTo('views.open').filter((call) => call.response.ok)[modals] ?? (fake.responses[before] ? 'answer' : undefined),
    10_000,
  );
  if (opened === 'answer') throw new Error(`no modal: ${String(h.slack.responses[before]!.body.text)}`);
  return openedModal(h, modals);
}

/** Runs `/hub <text>` and returns the private answer. */
export async function commandAnswer(h: Harness, userId: string, text: string) {
  const before = h.slack.responses.length;
  await h.client.command({ userId, text, channelId: HUB_CHANNEL });
  return responseBody(h, before);
}

/** Submits a modal; the JSON answer (errors, an update to a notice) or nothing when it just closes. */
export async function submit(h: Harness, userId: string, callbackId: string, values: StateValues, viewId?: string, privateMetadata?: string): Promise<Answer> {
  const result = await h.client.viewSubmission({
    userId, callbackId, values, ...(viewId ? { viewId } : {}), ...(privateMetadata !== undefined ? { privateMetadata } : {}),
  });
  if (result.status !== 200) throw new Error(`submission answered ${result.status}: ${result.body}`);
  return (result.json ?? {}) as Answer;
}

/** The words of a notice the modal turned into. */
export const noticeText = (answer: Answer) => blockText(answer.view?.blocks);

export const option = (value: string, text = value) => ({ text, value });

export const loginValues = (method: 'sso' | 'password'): StateValues => ({
  login_method: { login_method_choice: stateValues.radioButtons(option(method)) },
});

export const inviteValues = (o: { emails?: string | null; people?: Array<{ text: string; value: string }>; role?: string; workAccount?: boolean }): StateValues => ({
  invite_emails: { invite_emails_input: stateValues.plainTextInput(o.emails ?? null) },
  invite_people: {
    directory_search: {
      type: 'multi_external_select',
      selected_options: (o.people ?? []).map((p) => ({ text: { type: 'plain_text', text: p.text, emoji: true }, value: p.value })),
    },
  },
  invite_role: { invite_role_input: stateValues.staticSelect(option(o.role ?? 'EMPLOYEE')) },
  ...(o.workAccount === undefined ? {} : { invite_work_account: { invite_work_account_input: stateValues.checkboxes(o.workAccount ? [option('yes')] : []) } }),
});

export const roleValues = (role: string): StateValues => ({ role_choice: { role_choice_input: stateValues.staticSelect(option(role)) } });

export const groupValues = (group: { text: string; value: string } | null, role = 'EMPLOYEE', inviteCurrent = false): StateValues => ({
  group_pick: { group_search: stateValues.externalSelect(group) },
  group_role: { group_role_input: stateValues.staticSelect(option(role)) },
  group_invite_current: { group_invite_current_input: stateValues.checkboxes(inviteCurrent ? [option('yes')] : []) },
});

/** Waits for a message in the hub's channel whose text matches. */
export function channelMessage(h: Harness, pattern: RegExp, timeoutMs = 15_000) {
  return h.slack.waitFor(() => h.slack.messagesIn(HUB_CHANNEL).find((m) => pattern.test(String(m.text))), timeoutMs);
}

/** Every channel message whose text matches. */
export const channelMessages = (h: Harness, pattern: RegExp) => h.slack.messagesIn(HUB_CHANNEL).filter((m) => pattern.test(String(m.text)));

export async function hubRow(h: Harness) {
  const { db, close } = database(h);
  try {
    return (await db.select().from(hubs))[0]!;
  } finally {
    await close();
  }
}

export async function tasksOf(h: Harness, kind: 'sync' | 'invite_member' | 'change_role' | 'remove_member' | 'asset_access') {
  const { db, close } = database(h);
  try {
    return await db.select().from(tasks).where(eq(tasks.kind, kind));
  } finally {
    await close();
  }
}

export async function audits(h: Harness, action: string) {
  const { db, close } = database(h);
  try {
    return await db.select().from(auditEvents).where(and(eq(auditEvents.action, action)));
  } finally {
    await close();
  }
}

/** A SCIM request as the IdP sends it, with the bearer token. */
export async function scim(h: Harness, method: string, path: string, body?: unknown) {
  const response = await fetch(`${h.app.url}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${h.config.SCIM_BEARER_TOKEN}`, 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0.0' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Json) : undefined };
}

export const patchMembers = (op: 'add' | 'remove', ids: string[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: op === 'add'
    ? [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }]
    : ids.map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` })),
});

/** Polls an async check until it returns something, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`still not there after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
