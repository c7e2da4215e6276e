import type { AppContext } from '../../context.js';

/** How long a report's changes gather before its cards are redrawn (a burst of outcomes makes one redraw). */
const GATHER_MS = 200;

/**
 * A report changed: queue the redraw of its cards (and its closing summary). Redraws coalesce: while one
 * waits, more requests add nothing, and one made while it runs queues exactly one more, so the last state
 * is always drawn; each card's edit then waits for its channel's turn, so 1,000 outcomes make a few edits.
 */
export async function afterReportChange(deps: Pick<AppContext, 'queues'>, reportId: string | null | undefined): Promise<void> {
  if (!reportId) return;
  await deps.queues.enqueue('notify', 'refreshReportCards', { reportId }, {
    deduplication: { id: `report-${reportId}`, keepLastIfActive: true },
    delay: GATHER_MS,
    attempts: 8,
  });
}

export async function queueCardRender(deps: Pick<AppContext, 'queues'>, cardId: string): Promise<void> {
  await deps.queues.enqueue('notify', 'renderReportCard', { cardId }, {
    deduplication: { id: `card-${cardId}`, keepLastIfActive: true },
    attempts: 8,
    backoff: { type: 'exponential', delay: 1_000 },
  });
}
