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

/**
 * Continues an edge from a page already in hand. Only a missing `paging.next` ends it: Meta's privacy
 * filtering can return short or even empty pages that still have more after them.
 */
export async function continueEdge<S extends z.ZodType>(
  session: GraphSession,
  firstPage: Page<z.output<S>>,
  item: S,
  onPage?: (page: EdgePage<z.output<S>>) => void,
): Promise<Array<z.output<S>>> {
  const schema = pageSchema(item);
  const all: Array<z.output<S>> = [];
  const seen = new Set<string>();
  let page: Page<z.output<S>> = firstPage;
  for (;;) {
    all.push(...page.data);
    onPage?.({ items: page.data, total: page.summary?.total_count });
    const next = page.paging?.next;
    if (!next) return all;
    const key = redactSecrets(next, session.secrets);
    if (seen.has(key)) {
      throw new MetaPermanentError({ message: `Meta returned the same next page twice (${key})`, code: 0 });
    }
    seen.add(key);
    page = (await session.json(callFromNextUrl(next, session.config.baseUrl), schema)) as Page<z.output<S>>;
  }
}
