// The demo's deprovision act: the IdP deactivates a person over SCIM, the immediate check puts them on a
// report card, a non-owner is turned away, the owner approves, Meta removes them and the report closes.
import { eq } from 'drizzle-orm';
import { createDatabase } from '../../db/client.js';
import { directoryUsers } from '../../db/schema.js';
import type { FakeMeta } from '../fakes/fake-meta.js';
import type { FakeMessage, FakeSlack } from '../fakes/fake-slack.js';
import type { SlackClient } from '../support/slack-requests.js';
import { readable, renderBlocks } from './render.js';

type Say = (text: string) => void;
type Demo = { slack: FakeSlack; meta: FakeMeta; client: SlackClient; appUrl: string; scimToken: string; databaseUrl: string; admin: string; stranger: string; channel: string };

const LEAVER = 'farid.novak@acme.example';
const cardIn = (slack: FakeSlack, channel: string) => slack.messagesIn(channel).filter((m) => /^Deprovision report for /.test(String(m.text))).at(-1);

function approveValue(card: FakeMessage): string {
  const blocks = (card.blocks ?? []) as Array<{ type: string; text?: { text: string }; elements?: Array<{ action_id: string; value: string }> }>;
  const at = blocks.findIndex((block) => block.type === 'section' && block.text?.text.includes(LEAVER));
  return blocks[at + 1]!.elements!.find((element) => element.action_id === 'report_approve')!.value;
}

async function click(demo: Demo, userId: string, card: FakeMessage, value: string) {
  const before = demo.slack.responses.length;
  await demo.client.blockAction({ userId, actionId: 'report_approve', value, container: { type: 'message', channelId: card.channel, messageTs: card.ts } });
  const answer = await demo.slack.waitFor((fake) => fake.responses[before], 10_000);
  return readable(String(answer.body.text ?? ''), demo.slack);
}

export async function deprovisionDemo(demo: Demo, step: Say, say: Say): Promise<void> {
  const { db, close } = createDatabase(demo.databaseUrl, { max: 1 });
  const [person] = await db.select({ id: directoryUsers.id }).from(directoryUsers).where(eq(directoryUsers.userName, LEAVER));
  await close();

  step('Farid Novak leaves the company. Okta sends SCIM PATCH active=false; Hubkeeper checks the hub right away:');
  const patched = await fetch(`${demo.appUrl}/scim/v2/Users/${person!.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${demo.scimToken}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }),
  });
  say(`    SCIM answered ${patched.status}; a check of Acme Ads is queued (a burst of deactivations makes one check).`);
  const card = await demo.slack.waitFor((fake) => cardIn(fake, demo.channel), 30_000);
  say('  #meta-access — the report card:');
  say(renderBlocks(card.blocks, demo.slack));
  const value = approveValue(card);
  const metaId = demo.meta.business.users.find((user) => user.email === LEAVER)!.id;

  step('Sam, who does not own the hub, clicks Approve:');
  say(`    (only Sam sees) ${await click(demo, demo.stranger, card, value)}`);

  step('Ada owns the hub and clicks Approve; Hubkeeper removes Farid in Meta:');
  say(`    (only Ada sees) ${await click(demo, demo.admin, card, value)}`);
  const summary = await demo.slack.waitFor((fake) => fake.messagesIn(demo.channel).find((m) => /is closed: /.test(String(m.text))), 30_000);
  const deletes = demo.meta.requests.filter((request) => request.method === 'DELETE' && request.path.endsWith(`/${metaId}`));
  say(`    Meta received: ${deletes.map((request) => `DELETE /${metaId} → ${request.status}`).join(', ')}`);
  await demo.slack.waitFor((fake) => /closed/.test(String(cardIn(fake, demo.channel)?.text)), 15_000);
  say('  The card, edited in place:');
  say(renderBlocks(cardIn(demo.slack, demo.channel)!.blocks, demo.slack));
  say('  #meta-access:');
  say(renderBlocks(summary.blocks, demo.slack));

  step('Ada clicks Approve again on an old copy of the card — nothing changes:');
  say(`    (only Ada sees) ${await click(demo, demo.admin, card, value)}`);
}
