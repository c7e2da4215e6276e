import { z } from 'zod';
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

/** Just enough of a page to ask for the next one before the whole page is checked. */
const pagingOnly = z.object({ data: z.array(z.unknown()), paging: z.object({ next: z.string().optional() }).optional() }).passthrough();

/**
 * Continues an edge from a page already in hand. Only a missing `paging.next` ends it: Meta's privacy
 * filtering can return short or even empty pages that still have more after them. A `next` or an `after`
 * cursor seen before, or a long run of empty pages, is a loop and fails instead of running forever.
 * The next page is asked for as soon as its link is read, so checking and handing on a page overlaps the
 * next round trip: an edge's pages are the one chain nothing else can shorten.
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
  const asked = options.token ? { token: options.token } : undefined;

  /** Checks a next link for a loop and sends for it; the answer is awaited later. */
  const request = (next: string, emptyPage: boolean) => {
    empties = emptyPage ? empties + 1 : 0;
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
    const answer = session.call(call, asked).then((raw) => ({ raw, call }));
    answer.catch(() => {}); // a page checked meanwhile may fail first; this one's failure is thrown when awaited
    return answer;
  };

  let page: Page<z.output<S>> = firstPage;
  let pending = page.paging?.next ? request(page.paging.next, page.data.length === 0) : undefined;
  for (;;) {
    all.push(...page.data);
    onPage?.({ items: page.data, total: page.summary?.total_count });
    if (!pending) return all;
    const { raw, call } = await pending;
    const peek = pagingOnly.safeParse(raw.json);
    pending = peek.success && peek.data.paging?.next ? request(peek.data.paging.next, peek.data.data.length === 0) : undefined;
    // Let the next request reach the wire before this page is checked and handed on.
    if (pending) await new Promise<void>((resolve) => setImmediate(resolve));
    page = session.parse(raw.json, schema, call) as Page<z.output<S>>;
  }
}
