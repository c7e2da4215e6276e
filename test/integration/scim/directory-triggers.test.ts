import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { applyMigrations, createDatabase, type Database } from '../../../db/client.js';
import { and, eq } from 'drizzle-orm';
import { directoryUsers, hubs, members, tasks } from '../../../db/schema.js';
import { createQueueBackend } from '../../../src/queue/backend.js';
import { createQueues, type Queues } from '../../../src/queue/queues.js';
import { createLogger } from '../../../src/lib/logger.js';
import { backendEnv } from '../../support/backends.js';
import { queueChecksForDeactivated, recordChecksForDeactivated } from '../../../src/services/directory/triggers.js';
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

/** The checks recorded for a hub: queued sync tasks asked for by the directory. */
const checksOf = (hubId: string) =>
  db.select().from(tasks).where(and(eq(tasks.hubId, hubId), eq(tasks.kind, 'sync'), eq(tasks.status, 'queued'), eq(tasks.requestedBy, 'directory')));

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

    const checks = await Promise.all([matched, byEmail, byInvite, goneOnly, unrelated].map((id) => checksOf(id!)));
    expect(checks.map((rows) => rows.length)).toEqual([1, 1, 1, 0, 0]);
    const delayed = await queues.get('sync').getDelayed();
    expect(delayed.map((job) => job.id).sort()).toEqual(checks.flat().map((task) => task.id).sort());
    const job = delayed.find((candidate) => candidate.id === checks[0]![0]!.id)!;
    expect(job.name).toBe('checkForUpdates');
    expect(job.data).toEqual({ taskId: checks[0]![0]!.id });
    expect(job.opts).toMatchObject({ delay: 5000 });
  });

  test('a burst of deactivations is one check per hub', async () => {
    const hubId = await hub('burst');
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => user(`p${i}@contoso.com`)));
    for (const id of people) await member(hubId, { directoryUserId: id });
    await Promise.all(people.map((id) => queueChecksForDeactivated({ db, queues }, [id])));
    await queueChecksForDeactivated({ db, queues }, people);
    expect(await queues.get('sync').getDelayedCount()).toBe(1);
    const [check] = await checksOf(hubId);
    expect((await queues.get('sync').getJob(check!.id))?.data).toEqual({ taskId: check!.id });
  });

  test('nothing to do queues nothing', async () => {
    expect(await queueChecksForDeactivated({ db, queues }, [])).toEqual({ hubIds: [] });
    expect(await queueChecksForDeactivated({ db, queues }, [await user('nobody@contoso.com')])).toEqual({ hubIds: [] });
    expect(await queues.get('sync').getDelayedCount()).toBe(0);
  });
});

describe('recordChecksForDeactivated', () => {
  test('records the check in the transaction of the change, so nothing is lost when the queue is away', async () => {
    const hubId = await hub('atomic');
    const ana = await user('ana.atomic@contoso.com');
    await member(hubId, { directoryUserId: ana });
    await db.transaction(async (tx) => {
      await recordChecksForDeactivated(tx, [ana]);
      tx.rollback();
    }).catch(() => {});
    expect(await checksOf(hubId)).toHaveLength(0); // rolled back with the change
    await db.transaction((tx) => recordChecksForDeactivated(tx, [ana]));
    await db.transaction((tx) => recordChecksForDeactivated(tx, [ana]));
    expect(await checksOf(hubId)).toHaveLength(1); // one waiting check per hub, however many changes
    expect(await queues.get('sync').getDelayedCount()).toBe(0); // queued after the commit, by queueChecksForDeactivated or the sweep
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
      const [check] = await server.db.select().from(tasks).where(eq(tasks.hubId, row!.id));
      expect(check).toMatchObject({ kind: 'sync', status: 'queued', requestedBy: 'directory' });
      expect((await queues.get('sync').getJob(check!.id))?.data).toEqual({ taskId: check!.id });
    } finally {
      await server.close();
    }
  });
});
