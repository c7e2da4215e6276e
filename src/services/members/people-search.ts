import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { directoryUsers } from '../../../db/schema.js';
import type { DbOrTx } from '../../../db/client.js';

export type PersonOption = { id: string; name: string; email: string | null };

const likeEscape = (word: string) => word.replace(/[\\%_]/g, '\\$&');

/**
 * Active directory people whose name or email starts with what was typed, every further word starting a
 * word of their name or email too: "ana", "brown", "ana.b", "ana bro". The first word uses the prefix
 * indexes on directory_users, so it stays fast on 200,000 people.
 */
export async function searchPeople(db: DbOrTx, query: string, limit = 20): Promise<PersonOption[]> {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 4);
  if (words.length === 0) return [];
  const u = directoryUsers;
  const first = `${likeEscape(words[0]!)}%`;
  const prefix = or(
    sql`lower(${u.displayName}) like ${first}`,
    sql`lower(${u.givenName}) like ${first}`,
    sql`lower(${u.familyName}) like ${first}`,
    sql`lower(${u.workEmail}) like ${first}`,
    sql`lower(${u.userName}) like ${first}`,
  );
  // Further words must start a word of the name or email ("quinn r" finds Quinn Rossi, not Quinn Fischer).
  const wordStarts = sql`' ' || translate(lower(concat_ws(' ', ${u.displayName}, ${u.givenName}, ${u.familyName}, ${u.workEmail}, ${u.userName})), '.@_-', '    ')`;
  const rest = words.slice(1).map((word) => sql`${wordStarts} like ${`% ${likeEscape(word.replace(/[.@_-]/g, ' '))}%`}`);
  const name = sql<string>`coalesce(${u.displayName}, nullif(concat_ws(' ', ${u.givenName}, ${u.familyName}), ''), ${u.userName})`;
  return db
    .select({ id: u.id, name, email: sql<string | null>`coalesce(${u.workEmail}, ${u.userName})` })
    .from(u)
    .where(and(eq(u.active, true), isNull(u.deletedAt), prefix, ...rest))
    .orderBy(sql`lower(${name})`, u.id)
    .limit(limit);
}
