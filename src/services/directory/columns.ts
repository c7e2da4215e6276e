import type { ScimDoc } from './types.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

type Email = { value: string; type?: string; primary?: boolean };

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const asString = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function emailsOf(doc: ScimDoc): Email[] {
  const list = Array.isArray(doc.emails) ? doc.emails : [];
  return list.flatMap((item) => {
    const entry = asObject(item);
    const value = asString(entry.value);
    if (!value) return [];
    return [{
      value,
      ...(typeof entry.type === 'string' ? { type: entry.type } : {}),
      ...(typeof entry.primary === 'boolean' ? { primary: entry.primary } : {}),
    }];
  });
}

/** The work email Hubkeeper matches on: the primary work one, else any work one, else the primary, else the first. */
export function workEmailOf(emails: Email[]): string | null {
  const work = emails.filter((email) => email.type?.toLowerCase() === 'work');
  const pick = work.find((email) => email.primary) ?? work[0] ?? emails.find((email) => email.primary) ?? emails[0];
  return pick?.value ?? null;
}

/** The indexed columns of directory_users, derived from the stored document so the two can't drift. */
export function userColumns(doc: ScimDoc) {
  const name = asObject(doc.name);
  const enterprise = asObject(doc[ENTERPRISE]);
  const emails = emailsOf(doc);
  return {
    userName: String(doc.userName),
    externalId: asString(doc.externalId),
    active: doc.active !== false,
    displayName: asString(doc.displayName),
    givenName: asString(name.givenName),
    familyName: asString(name.familyName),
    workEmail: workEmailOf(emails),
    emails,
    emailKeys: [...new Set(emails.map((email) => email.value.toLowerCase()))],
    department: asString(enterprise.department),
    title: asString(doc.title),
    employeeNumber: asString(enterprise.employeeNumber),
  };
}

export function groupColumns(doc: ScimDoc) {
  return { displayName: String(doc.displayName), externalId: asString(doc.externalId) };
}

/** JSON with object keys sorted: Postgres jsonb reorders keys, so plain JSON.stringify would see changes that aren't. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, inner]) => inner !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, inner]) => `${JSON.stringify(key)}:${stable(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Top-level attributes that differ between two documents, with their new values (null = removed). */
export function changedAttributes(before: ScimDoc, after: ScimDoc): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (stable(before[key]) !== stable(after[key])) changes[key] = after[key] ?? null;
  }
  return changes;
}
