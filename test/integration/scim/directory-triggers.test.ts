import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { applyMigrations, createDatabase, type Database } from '../../../db/client.js';
import { directoryUsers, hubs, members } from '../../../db/schema.js';
import { createQueueBackend } from '../../../src/queue/backend.js';
import { createQueues, type Queues } from '../../../src/queue/queues.js';
import { createLogger } from '../../../src/lib/logger.js';
import { backendEnv } from '../../support/backends.js';
import { queueChecksForDeactivated } from '../../../src/services/directory/triggers.js';
import { freshDatabase } from '../../support/database.js';
import { patchBody } from './fixtures.js';
import { startScimServer } from './scim-server.js';

/** Real Postgres, and the queues on this run's backend; a fresh queue prefix per test, obliterated after. */
let database: { url: string; drop(): Promise<void> };
let db: Database;
let closeDb: () => Promise<void>;
let queues: Queues;

beforeAll(async () => {
  database = await freshDatabase('hubkeeper_test_scim_triggers');
  await applyMigrations(database.url);
  ({ db, close: closeDb } = createDatabase(database.url, { max: 2 }));
});
afterAll(async () => {
  await closeDb?.();
  await database?.drop();
});
beforeEach(() => {
  queues = createQueues(createQueueBackend({ DATABASE_URL: database.url, QUEUE_PREFIX: `test-${randomUUID()}`, ...backendEnv() }, createLogger('error')));
});
afterEach(async () => {
  for (const name of ['sync', 'members', 'notify', 'maintenance'] as const) await queues.get(name).obliterate({ force: true });
  await queues.close();
});

async function hub(label: string) {
  const [row] = await db.insert(hubs).values({
    label, businessId: randomUUID(), appId: 'app', accessTokenSealed: 'sealed', loginMethod: 'sso', channelId: 'C1', connectedBy: 'U1',
  }).returning({ id: hubs.id });
  return row!.id;
}

async function user(userName: string, emails: string[] = []) {
  const [row] = await db.insert(directoryUsers).values({
    userName, emailKeys: emails.map((email) => email.toLowerCase()), resource: { userName }, active: false,
  }).returning({ id: directoryUsers.id });
  return row!.id;
}

async function member(hubId: string, fields: Partial<typeof members.$inferInsert>) {
  await db.insert(members).values({ hubId, kind: 'business_user', metaId: randomUUID(), ...fields });
}

describe('queueChecksForDeactivated', () => {
  test('queues one delayed check per hub where a deactivated person has access', async () => {
    const [matched, byEmail, byInvite, goneOnly, unrelated] = await Promise.all(['matched', 'email', 'invite', 'gone', 'other'].map(hub));
    const ana = await user('ana@contoso.com');
    const bo = await user('bo@contoso.onmicrosoft.com', ['Bo.Work@contoso.com']);
    const cy = await user('Cy@contoso.com');
    const stays = await user('stays@contoso.com');
    await member(matched!, { directoryUserId: ana });
    await member(byEmail!, { email: 'bo.work@CONTOSO.com' });
    await member(byInvite!, { kind: 'invitation', pendingEmail: 'cy@contoso.com' });
    await member(goneOnly!, { directoryUserId: ana, goneAt: new Date() });
    await member(unrelated!, { directoryUserId: stays, email: 'stays@contoso.com' });

    const { hubIds } = await queueChecksForDeactivated({ db, queues }, [ana, bo, cy]);
    expect(hubIds.sort()).toEqual([matched, byEmail, byInvite].sort());

    const sync = queues.get('sync');
    const delayed = await sync.getDelayed();
    expect(delayed.map((job) => job.id).sort()).toEqual([matched, byEmail, byInvite].map((id) => `directory-check-${id}`).sort());
    const job = delayed.find((candidate) => candidate.id === `directory-check-${matched}`)!;
    expect(job.name).toBe('directoryTriggeredCheck');
    expect(job.data).toEqual({ hubId: matched });
    expect(job.opts).toMatchObject({ delay: 5000, removeOnComplete: true, removeOnFail: true });
  });

  test('a burst of deactivations is one check per hub', async () => {
    const hubId = await hub('burst');
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => user(`p${i}@contoso.com`)));
    for (const id of people) await member(hubId, { directoryUserId: id });
    await Promise.all(people.map((id) => queueChecksForDeactivated({ db, queues }, [id])));
    await queueChecksForDeactivated({ db, queues }, people);
    expect(await queues.get('sync').getDelayedCount()).toBe(1);
    expect((await queues.get('sync').getJob(`directory-check-${hubId}`))?.data).toEqual({ hubId });
  });

  test('nothing to do queues nothing', async () => {
    expect(await queueChecksForDeactivated({ db, queues }, [])).toEqual({ hubIds: [] });
    expect(await queueChecksForDeactivated({ db, queues }, [await user('nobody@contoso.com')])).toEqual({ hubIds: [] });
    expect(await queues.get('sync').getDelayedCount()).toBe(0);
  });
});

describe('wired to the SCIM handler', () => {
  test("Entra's disable queues a check of the hub where that person is a member", async () => {
    const server = await startScimServer({ onUsersDeactivated: (scimDb) => (ids) => queueChecksForDeactivated({ db: scimDb, queues }, ids) });
    try {
      const [row] = await server.db.insert(hubs).values({
        label: 'Acme Ads', businessId: '123', appId: 'app', accessTokenSealed: 'sealed', loginMethod: 'password', channelId: 'C1', connectedBy: 'U1',
      }).returning({ id: hubs.id });
      await server.db.insert(members).values({ hubId: row!.id, kind: 'business_user', metaId: 'm1', email: 'dana@contoso.com' });
      const created = await server.request('POST', '/Users', { userName: 'dana@contoso.onmicrosoft.com', emails: [{ type: 'work', value: 'Dana@contoso.com' }] });
      expect(await queues.get('sync').getDelayedCount()).toBe(0);
      await server.request('PATCH', `/Users/${created.body.id}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }));
      expect((await queues.get('sync').getJob(`directory-check-${row!.id}`))?.data).toEqual({ hubId: row!.id });
    } finally {
      await server.close();
    }
  });
});
