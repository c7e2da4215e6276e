import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, SelectedFields } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { DirectoryConflictError, type Page } from './directory-types.js';

/**
 * One page plus the total in a single round trip (a window count); a second query only when the page is
 * empty, e.g. `count=0` or a startIndex past the end.
 */
export async function pageOf<R>(
  db: Database,
  table: PgTable,
  selection: SelectedFields,
  where: SQL | undefined,
  order: PgColumn[],
  page: Page,
): Promise<{ total: number; records: R[] }> {
  if (page.count > 0) {
    const rows = (await db
      .select({ ...selection, total: sql<number>`count(*) over()`.mapWith(Number) })
      .from(table)
      .where(where)
      .orderBy(...order)
      .limit(page.count)
      .offset(page.startIndex - 1)) as Array<Record<string, unknown> & { total: number }>;
    if (rows.length > 0) {
      return { total: rows[0]!.total, records: rows.map(({ total: _total, ...rest }) => rest as R) };
    }
  }
  const [row] = await db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(table).where(where);
  return { total: row?.total ?? 0, records: [] };
}

function isUniqueViolation(error: unknown): boolean {
  for (let cause = error; cause && typeof cause === 'object'; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Turns Postgres's unique violation into the SCIM-level conflict; anything else is rethrown as is. */
export function rethrowConflict(error: unknown, attribute: string, value: string): never {
  if (isUniqueViolation(error)) throw new DirectoryConflictError(attribute, value);
  throw error;
}
