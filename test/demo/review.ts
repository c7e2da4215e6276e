// The demo's access review act: Ada starts a review reviewed by each person's manager; Mia, who manages two
// people, and Ada (for everyone else) decide on their cards; the review closes with a summary and the
// evidence file in #meta-access.
import { inArray, sql } from 'drizzle-orm';
import { createDatabase } from '../../db/client.js';
import { directoryUsers, workspaceAccounts } from '../../db/schema.js';
import type { FakeMessage, FakeSlack } from '../fakes/fake-slack.js';
import { stateValues, type SlackClient } from '../support/slack-requests.js';
import { readable, renderBlocks } from './render.js';

type Say = (text: string) => void;
type Demo = { slack: FakeSlack; client: SlackClient; databaseUrl: string; admin: string; channel: string };

const MANAGER = 'UDEMOMIA';
const MIA = 'mia.moreau@acme.example';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const DAY = 86_400_000;

/** Mia as the IdP and Slack know her, and the people who report to her (SCIM enterprise `manager`). */
async function seedManager(demo: Demo, reports: string[]): Promise<void> {
  demo.slack.addUser({ id: MANAGER, name: 'mia', realName: 'Mia Moreau', email: MIA });
  const { db, close } = createDatabase(demo.databaseUrl, { max: 1 });
  try {
    const [mia] = await db.insert(directoryUsers).values({ userName: MIA, displayName: 'Mia Moreau', workEmail: MIA, emailKeys: [MIA], active: true }).returning();
    await db.insert(workspaceAccounts).values({ slackUserId: MANAGER, email: MIA, name: 'Mia Moreau', refreshedAt: new Date() });
    const people = await db.select().from(directoryUsers).where(inArray(directoryUsers.userName, reports));
    for (const person of people) {
      await db.update(directoryUsers).set({ resource: { ...(person.resource as object), [ENTERPRISE]: { manager: { value: mia!.id } } } })
        .where(inArray(directoryUsers.id, [person.id]));
    }
  } finally {
    await close();
  }
}

async function click(demo: Demo, userId: string, card: FakeMessage, actionId: string, value: string): Promise<string> {
  const before = demo.slack.responses.length;
  await demo.client.blockAction({ userId, actionId, value, container: { type: 'message', channelId: card.channel, messageTs: card.ts } });
  const answer = await demo.slack.waitFor((fake) => fake.responses.slice(before).find((r) => r.body.replace_original !== true), 3_000).catch(() => undefined);
  return answer ? readable(String(answer.body.text ?? ''), demo.slack) : '(nothing: the card, edited in place, says it)';
}

const buttonOf = (card: FakeMessage, actionId: string, near?: string): string => {
  const blocks = (card.blocks ?? []) as Array<{ type: string; text?: { text: string }; elements?: Array<{ action_id: string; value: string }> }>;
  const at = near ? blocks.findIndex((block) => block.type === 'section' && block.text?.text.includes(near)) + 1 : 0;
  const found = blocks.slice(at).flatMap((block) => block.elements ?? []).find((element) => element.action_id === actionId);
  if (!found) throw new Error(`no ${actionId} on the card`);
  return found.value;
};

export async function reviewDemo(demo: Demo, step: Say, say: Say): Promise<void> {
  const { slack, client, admin, channel } = demo;
  // Two people Hubkeeper matched to the directory report to Mia; nobody manages the others, so Ada reviews them.
  const { db, close } = createDatabase(demo.databaseUrl, { max: 1 });
  const reports = [...await db.execute<{ user_name: string }>(sql`
    select du.user_name from members m join directory_users du on du.id = m.directory_user_id
    where m.state = 'onboarded' and m.gone_at is null order by du.user_name limit 2`)].map((row) => row.user_name);
  await close();
  await seedManager(demo, reports);

  step('Ada types /hub review — Slack shows the modal:');
  const opened = slack.callsTo('views.open').filter((call) => call.response.ok).length;
  await client.command({ userId: admin, text: 'review', channelId: channel });
  const call = await slack.waitFor((fake) => fake.callsTo('views.open').filter((c) => c.response.ok)[opened], 10_000);
  say(renderBlocks((call.args.view as { blocks: unknown }).blocks, slack));
  const viewId = String((call.response as { view: { id: string } }).view.id);

  step("Ada chooses all members, each person's manager as reviewer, a deadline a week away, and submits:");
  const deadline = new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10);
  const started = await client.viewSubmission({
    userId: admin, callbackId: 'review_start', viewId,
    values: {
      review_scope: { review_scope_choice: stateValues.radioButtons({ text: 'All members', value: 'all' }) },
      review_reviewers: { review_reviewers_choice: stateValues.radioButtons({ text: 'Managers', value: 'managers' }) },
      review_deadline: { review_deadline_input: stateValues.datepicker(deadline) },
      review_remove_unkept: { review_remove_unkept_choice: stateValues.checkboxes([]) },
    },
  });
  say(renderBlocks((started.json as { view?: { blocks: unknown } }).view?.blocks, slack));

  const cardOf = (user: string) => slack.messagesIn(user).filter((m) => /^Access review of .*left to review$/.test(String(m.text))).at(-1);
  const tracker = () => slack.messagesIn(channel).find((m) => /^Access review of .* reviewed/.test(String(m.text)));
  const miaCard = await slack.waitFor(() => cardOf(MANAGER), 15_000);
  say("  Mia's direct message — her card:");
  say(renderBlocks(miaCard.blocks, slack));
  const adaCard = await slack.waitFor(() => cardOf(admin), 15_000);
  say(`  Ada's direct message — her card: ${readable(String(adaCard.text), slack)} (the people nobody manages)`);
  say('  #meta-access — the tracker:');
  say(renderBlocks((await slack.waitFor(() => tracker(), 15_000)).blocks, slack));

  step(`Mia clicks Keep on ${reports[0]}, then Keep all; Ada clicks Keep all on her card:`);
  say(`    (only Mia sees) ${await click(demo, MANAGER, miaCard, 'review_keep', buttonOf(miaCard, 'review_keep', reports[0]))}`);
  const kept = await slack.waitFor(() => { const card = cardOf(MANAGER); return card && /1 person left/.test(String(card.text)) ? card : undefined; }, 15_000);
  say(`    (only Mia sees) ${await click(demo, MANAGER, kept, 'review_keep_all', buttonOf(kept, 'review_keep_all'))}`);
  say(`    (only Ada sees) ${await click(demo, admin, adaCard, 'review_keep_all', buttonOf(adaCard, 'review_keep_all'))}`);

  step('Everyone is reviewed, so the review closes: a summary and the evidence file in #meta-access:');
  const summary = await slack.waitFor((fake) => fake.messagesIn(channel).find((m) => /^The access review of .* is closed/.test(String(m.text))), 20_000);
  say(renderBlocks(summary.blocks, slack));
  const evidence = await slack.waitFor((fake) => fake.uploads.find((u) => u.completed && /^access-review-/.test(u.filename)), 20_000);
  const lines = evidence.content!.trim().split('\r\n');
  say(`  ${evidence.filename} (${lines.length - 1} people), its first lines:`);
  for (const line of lines.slice(0, 4)) say(`    ${line}`);
  await slack.waitFor(() => /closed/.test(String(tracker()?.text)) || undefined, 15_000);
  say('  The tracker, edited in place:');
  say(renderBlocks(tracker()!.blocks, slack));
}
