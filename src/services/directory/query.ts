import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgColumn, type PgTable, type SelectedFields } from 'drizzle-orm/pg-core';
import type { Database, DbOrTx } from '../../../db/client.js';
import { DirectoryConflictError, isUuid, type Page } from './types.js';

const dialect = new PgDialect();

/**
 * Runs a statement as a prepared statement. drizzle only prepares when a query is named, and an IdP import is
 * thousands of identical lookups and inserts: parsing and planning each one again costs Postgres more CPU
 * than running it. postgres.js keeps one prepared statement per connection and query text; values are
 * always bound parameters.
 */
export function runPrepared<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, 'directory', false).execute() as Promise<T[]>;
}

/** A uuid[] parameter. Only ids that are uuids get here, so the array literal needs no escaping. */
export function uuidArray(ids: string[]): SQL {
  if (!ids.every(isUuid)) throw new Error('uuidArray takes uuids only');
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** A text[] parameter, passed as JSON so no element needs array-literal escaping. */
export function textArray(values: string[]): SQL {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/**
 * One page plus the total. A filtered lookup (the IdPs' match query) gets both in one round trip through a
 * window count; a second query runs only when the page comes back empty.
 */
export async function pageOf<R>(
  db: Database,
  table: PgTable,
  selection: SelectedFields,
  where: SQL | undefined,
  order: PgColumn[],
  page: Page,
  filtered: boolean,
): Promise<{ total: number; records: R[] }> {
  const count = async () => {
    const [row] = await db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(table).where(where).prepare('directory_count').execute();
    return row?.total ?? 0;
  };
  if (page.count === 0) return { total: await count(), records: [] };
  const query = (fields: SelectedFields) => db.select(fields).from(table).where(where).orderBy(...order).limit(page.count).offset(page.startIndex - 1);
  if (!filtered) {
    // A window count would sort the whole table for every page of an unfiltered import; two indexed queries don't.
    const [total, records] = await Promise.all([count(), query(selection).prepare('directory_page').execute()]);
    return { total, records: records as R[] };
  }
  const rows = (await query({ ...selection, total: sql<number>`count(*) over()`.mapWith(Number) }).prepare('directory_page').execute()) as Array<Record<string, unknown> & { total: number }>;
  if (rows.length === 0) return { total: page.startIndex > 1 ? await count() : 0, records: [] };
  return { total: rows[0]!.total, records: rows.map(({ total: _total, ...rest }) => rest as R) };
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
