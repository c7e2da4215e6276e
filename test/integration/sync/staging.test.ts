import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, createDatabase } from '../../../db/client.js';
import { hubs, memberAssets, members, syncRuns, tasks } from '../../../db/schema.js';
import type { MetaAsset, SnapshotChunk } from '../../../src/meta/types.js';
import { IncompleteStageError, mergeSnapshot } from '../../../src/services/sync/snapshot.js';
import { dropRuns, openStage, type SnapshotStage } from '../../../src/services/sync/staging.js';
import { freshDatabase } from '../../support/database.js';

// The write side of a check for updates: pages staged as they arrive, one merge at the end (check-for-updates.ts).
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let database: ReturnType<typeof createDatabase>;
let hubId: string;

beforeAll(async () => {
  fresh = await freshDatabase('hubkeeper_test_staging');
  await applyMigrations(fresh.url);
  database = createDatabase(fresh.url, { max: 3 });
  const [hub] = await database.db.insert(hubs).values({
    label: 'Acme', businessId: '111', appId: '222', loginMethod: 'password', channelId: 'C1', accessTokenSealed: 'x', connectedBy: 'U1',
  }).returning({ id: hubs.id });
  hubId = hub!.id;
});
afterAll(async () => {
  await database.close();
  await fresh.drop();
});

const people = (ids: string[]): SnapshotChunk => ({ kind: 'businessUsers', items: ids.map((id) => ({ id, name: `Person ${id}`, email: `p${id}@acme.example` })) });
const page = (id: string): MetaAsset => ({ kind: 'page', ownership: 'owned', metaId: id, name: `Page ${id}`, assignedUsers: [], assignedUsersComplete: true });

async function runningTask(): Promise<string> {
  const [task] = await database.db.insert(tasks).values({ hubId, kind: 'sync', status: 'running', requestedBy: 'U1' }).returning({ id: tasks.id });
  return task!.id;
}
async function finish(taskId: string) {
  await database.db.update(tasks).set({ status: 'completed' }).where(eq(tasks.id, taskId));
}
async function merge(stage: SnapshotStage, at: Date) {
  const staged = await stage.flush();
  return database.db.transaction((tx) => mergeSnapshot(tx, hubId, stage.runId, at, staged));
}
const present = () => database.db.select({ metaId: members.metaId, goneAt: members.goneAt }).from(members).where(eq(members.hubId, hubId)).orderBy(members.metaId);

describe('staging a check for updates', () => {
  it('stores pages as they come and merges them: new members named in Meta’s order, gone ones kept and marked, holdings replaced', async () => {
    const first = await runningTask();
    const one = await openStage(database.db, { hubId, taskId: first, businessId: '111' });
    one.add(people(['3', '1']));
    one.add(people(['2']));
    one.add({ kind: 'assets', items: [page('900')] });
    one.add({ kind: 'holders', asset: page('900'), holders: [{ userId: '1', tasks: ['MANAGE'] }, { userId: '404', tasks: ['MANAGE'] }] });
    const result = await merge(one, new Date('2026-12-01T10:00:00Z'));
    expect(result.newMemberCount).toBe(3);
    expect(result.newMembers.map((m) => m.name)).toEqual(['Person 3', 'Person 1', 'Person 2']);
    expect(await database.db.select({ tasks: memberAssets.tasks }).from(memberAssets)).toEqual([{ tasks: ['MANAGE'] }]);
    await finish(first);
    await dropRuns(database.db, first);

    const second = await runningTask();
    const two = await openStage(database.db, { hubId, taskId: second, businessId: '111' });
    two.add(people(['1', '2']));
    two.add({ kind: 'assets', items: [page('900')] });
    two.add({ kind: 'holders', asset: page('900'), holders: [{ userId: '2', tasks: ['ANALYZE'] }] });
    const again = await merge(two, new Date('2026-12-02T10:00:00Z'));
    expect([again.newMemberCount, again.goneMemberCount, again.goneMembers]).toEqual([0, 1, [{ name: 'Person 3', email: 'p3@acme.example' }]]);
    expect((await present()).map((m) => [m.metaId, m.goneAt !== null])).toEqual([['1', false], ['2', false], ['3', true]]);
    const held = await database.db.select({ metaId: members.metaId, tasks: memberAssets.tasks }).from(memberAssets).innerJoin(members, eq(members.id, memberAssets.memberId));
    expect(held).toEqual([{ metaId: '2', tasks: ['ANALYZE'] }]);
    await finish(second);
    await dropRuns(database.db, second);
  });

  it('refuses to merge a stage that lost rows, so present members are never marked gone', async () => {
    const taskId = await runningTask();
    const stage = await openStage(database.db, { hubId, taskId, businessId: '111' });
    stage.add(people(['1', '2']));
    const staged = await stage.flush();
    await database.db.execute(sql`delete from sync_staged_members where run_id = ${stage.runId} and meta_id = '2'`);
    await expect(database.db.transaction((tx) => mergeSnapshot(tx, hubId, stage.runId, new Date('2026-12-03T10:00:00Z'), staged)))
      .rejects.toBeInstanceOf(IncompleteStageError);
    expect((await present()).filter((m) => m.goneAt === null).map((m) => m.metaId)).toEqual(['1', '2']);
    await finish(taskId);
  });

  it('leaves the runs of a running task alone (a stalled attempt) and clears those of finished ones', async () => {
    // The previous test's task finished without dropping its run (a crash after the commit, say).
    expect(await database.db.select().from(syncRuns).where(eq(syncRuns.hubId, hubId))).toHaveLength(1);
    const taskId = await runningTask();
    const stalled = await openStage(database.db, { hubId, taskId, businessId: '111' });
    stalled.add(people(['1']));
    await stalled.flush();
    const retry = await openStage(database.db, { hubId, taskId, businessId: '111' }); // the same task's next attempt
    const runs = await database.db.select({ id: syncRuns.id }).from(syncRuns).where(eq(syncRuns.hubId, hubId));
    expect(runs.map((r) => r.id).sort()).toEqual([stalled.runId, retry.runId].sort());
    const [rows] = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from sync_staged_members where run_id = ${stalled.runId}`);
    expect(rows!.n).toBe(1);
    await finish(taskId);
    await dropRuns(database.db, taskId);
    expect(await database.db.select().from(syncRuns).where(and(eq(syncRuns.hubId, hubId), eq(syncRuns.taskId, taskId)))).toEqual([]);
    const [left] = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from sync_staged_members`);
    expect(left!.n).toBe(0);
  });
});
