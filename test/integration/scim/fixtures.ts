import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { auditEvents, directoryGroupMembers, directoryGroups, directoryUsers } from '../../../db/schema.js';
import type { ScimResponse, ScimServer } from './scim-server.js';

/** The recorded IdP requests, copied from shared/reference/scim-fixtures so tests don't need shared/. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/scim/', import.meta.url));
/** The reference copy, beside the repository when it is there (CI has it). */
export const SHARED_FIXTURES_DIR = fileURLToPath(new URL('../../../../shared/reference/scim-fixtures/', import.meta.url));

export type Fixture = {
  idp: string;
  request: { method: string; target: string; headers?: Record<string, string>; body?: any; bodyWithoutFlag?: any; bodyWithFlag?: any };
  response: { status: number | null; body: any } | null;
};

export function fixtureFiles(dir = FIXTURES_DIR): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
}

export function loadFixture(name: string, dir = FIXTURES_DIR): Fixture {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as Fixture;
}

/** The fixture's target with its (foreign) resource id swapped for one of ours. */
export function retarget(target: string, id: string): string {
  return target.replace(/\/(Users|Groups)\/[^/?]+/, `/$1/${id}`);
}

/** Sends the fixture's request as recorded (headers included, apart from its placeholder credentials). */
export function replay(server: ScimServer, fixture: Fixture, options: { id?: string; body?: unknown } = {}): Promise<ScimResponse> {
  const { method, target, headers = {} } = fixture.request;
  const { Authorization: _placeholder, ...sent } = headers;
  const body = 'body' in options ? options.body : fixture.request.body;
  return server.request(method, options.id ? retarget(target, options.id) : target, body, sent);
}

export async function createUser(server: ScimServer, body: Record<string, unknown>): Promise<string> {
  const response = await server.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], ...body });
  if (response.status !== 201) throw new Error(`seeding a user failed: ${response.status} ${response.text}`);
  return response.body.id as string;
}

export async function createGroup(server: ScimServer, displayName: string, memberIds: string[] = [], extra: Record<string, unknown> = {}): Promise<string> {
  const response = await server.request('POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName,
    members: memberIds.map((value) => ({ value })),
    ...extra,
  });
  if (response.status !== 201) throw new Error(`seeding a group failed: ${response.status} ${response.text}`);
  return response.body.id as string;
}

export async function storedUser(db: Database, id: string) {
  const [row] = await db.select().from(directoryUsers).where(eq(directoryUsers.id, id));
  if (!row) throw new Error(`no stored user ${id}`);
  return row;
}

export async function storedGroup(db: Database, id: string) {
  const [row] = await db.select().from(directoryGroups).where(eq(directoryGroups.id, id));
  return row;
}

export async function storedMembers(db: Database, groupId: string): Promise<string[]> {
  const rows = await db.select({ userId: directoryGroupMembers.userId }).from(directoryGroupMembers).where(eq(directoryGroupMembers.groupId, groupId));
  return rows.map((row) => row.userId).sort();
}

export async function auditTrail(db: Database) {
  return db.select().from(auditEvents).orderBy(asc(auditEvents.id));
}

export async function resetDirectory(db: Database): Promise<void> {
  await db.execute(sql`truncate directory_group_members, directory_groups, directory_users, audit_events cascade`);
}

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const patchBody = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });
