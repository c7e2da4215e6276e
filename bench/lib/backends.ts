import { printTable, round } from './stats.js';

// The times that say how fast a benchmark went, by benchmark (paths into its closing JSON line).
const TIMES: Record<string, string[]> = {
  approve: ['allDeletesMs', 'reportClosedMs', 'submitAckMs'],
  notify: [], // every scenario's visibleMs, found below
  review: ['startMs', 'visibleMs'],
  sync: ['hubkeeper_wall_ms'],
};

const GOAL = 1.3;

/** Prints each time on PostgreSQL and on Redis and their ratio, and one JSON line of them. */
export function compareBackends(name: string, postgres: Record<string, unknown>, redis: Record<string, unknown>): void {
  const paths = name === 'notify'
    ? Object.entries(postgres).filter(([, value]) => value && typeof value === 'object' && 'visibleMs' in value).map(([key]) => `${key}.visibleMs`)
    : TIMES[name] ?? [];
  const read = (figures: Record<string, unknown>, path: string) =>
    path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], figures) as number | undefined;
  const rows = paths.map((path) => {
    const [pg, rd] = [read(postgres, path), read(redis, path)];
    const ratio = typeof pg === 'number' && typeof rd === 'number' && rd > 0 ? round(pg / rd, 3) : null;
    return { time: path, postgresMs: pg ?? 'n/a', redisMs: rd ?? 'n/a', ratio: ratio ?? 'n/a', withinGoal: ratio !== null && ratio <= GOAL ? 'yes' : 'no' };
  });
  console.log(`\n--- bench/${name}: PostgreSQL / Redis (goal ≤ ${GOAL}×) ---`);
  printTable(rows);
  console.log(JSON.stringify({ bench: `${name}-backends`, goal: GOAL, ratios: Object.fromEntries(rows.map((row) => [row.time, row.ratio])) }));
}
