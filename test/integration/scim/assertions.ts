import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { ScimResponse, ScimServer } from './scim-server.js';

/** Everything a SCIM request could write: users, groups, memberships and the audit trail. */
export async function snapshot(server: ScimServer): Promise<string> {
  const rows = await server.db.execute(sql`select
    (select jsonb_agg(u order by u.id) from directory_users u) as users,
    (select jsonb_agg(g order by g.id) from directory_groups g) as groups,
    (select count(*) from directory_group_members) as memberships,
    (select count(*) from audit_events) as audit`);
  return JSON.stringify(rows);
}

/** A SCIM error body (RFC 7644 §3.12) with this status, scimType and, when given, detail. */
export function expectError(response: ScimResponse, status: number, scimType?: string, detail?: string | RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(response.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status) });
  if (scimType) expect(response.body.scimType).toBe(scimType);
  else expect(response.body).not.toHaveProperty('scimType');
  expect(response.body.detail).toEqual(expect.any(String));
  if (detail !== undefined) expect(response.body.detail).toMatch(detail);
}

/** Runs the requests and checks the directory is byte for byte what it was. */
export async function unchanged(server: ScimServer, run: () => Promise<void>): Promise<void> {
  const before = await snapshot(server);
  await run();
  expect(await snapshot(server)).toBe(before);
}
