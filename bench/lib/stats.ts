/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs `task(i)` for i in [0, total) with at most `concurrency` in flight. */
export async function runConcurrently(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

export function printTable(rows: Array<Record<string, string | number>>): void {
  console.table(rows);
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
