import type { z } from 'zod';
import { MetaPermanentError } from './errors.js';
import { redactSecrets } from './redact.js';
import { pageSchema } from './schemas.js';
import type { GraphSession } from './session.js';
import { callFromNextUrl, type GraphCall } from './transport.js';

export type EdgePage<T> = { items: T[]; total: number | undefined };

type Page<T> = {
  data: T[];
  paging?: { next?: string | undefined } | undefined;
  summary?: { total_count?: number | undefined } | undefined;
};

/** Meta's privacy filtering empties a page now and then; this many empty pages in a row means paging never ends. */
export const MAX_EMPTY_PAGES_IN_A_ROW = 50;

/** Options of a paged read: another token (a Page token) for every page of it. */
export type EdgeOptions = { token?: string | undefined };

/** Fetches an edge from its first page through every `paging.next`. */
export async function followEdge<S extends z.ZodType>(
  session: GraphSession,
  first: GraphCall,
  item: S,
  onPage?: (page: EdgePage<z.output<S>>) => void,
): Promise<Array<z.output<S>>> {
  const page = await session.json(first, pageSchema(item));
  return continueEdge(session, page as Page<z.output<S>>, item, onPage);
}

function endless(what: string): MetaPermanentError {
  return new MetaPermanentError({
    message: `Meta's paging did not end: ${what}`,
    code: 0,
    userMessage: 'Meta kept sending more pages of the same list. Try again later.',
  });
}

/**
 * Continues an edge from a page already in hand. Only a missing `paging.next` ends it: Meta's privacy
 * filtering can return short or even empty pages that still have more after them. A `next` or an `after`
 * cursor seen before, or a long run of empty pages, is a loop and fails instead of running forever.
 */
export async function continueEdge<S extends z.ZodType>(
  session: GraphSession,
  firstPage: Page<z.output<S>>,
  item: S,
  onPage?: (page: EdgePage<z.output<S>>) => void,
  options: EdgeOptions = {},
): Promise<Array<z.output<S>>> {
  const schema = pageSchema(item);
  const all: Array<z.output<S>> = [];
  const seen = new Set<string>();
  const cursors = new Set<string>();
  let empties = 0;
  let page: Page<z.output<S>> = firstPage;
  for (;;) {
    all.push(...page.data);
    onPage?.({ items: page.data, total: page.summary?.total_count });
    const next = page.paging?.next;
    if (!next) return all;
    empties = page.data.length === 0 ? empties + 1 : 0;
    if (empties >= MAX_EMPTY_PAGES_IN_A_ROW) throw endless(`${empties} empty pages in a row`);
    const key = redactSecrets(next, session.secrets);
    if (seen.has(key)) throw endless(`the same next page twice (${key})`);
    seen.add(key);
    const call = callFromNextUrl(next, session.config.baseUrl);
    const after = call.params?.after;
    if (after !== undefined) {
      if (cursors.has(after)) throw endless('an after cursor came back again');
      cursors.add(after);
    }
    const asked = options.token ? { token: options.token } : undefined;
    page = (await session.json(call, schema, asked)) as Page<z.output<S>>;
  }
}
