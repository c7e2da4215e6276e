/**
 * Work that continues after a request was acked. Shutdown waits for it, so SIGTERM never drops a command
 * halfway (e.g. after the task was queued but before the person was told).
 */
const pending = new Set<Promise<unknown>>();

export function trackAfterAck<T>(work: Promise<T>): Promise<T> {
  pending.add(work);
  void work.finally(() => pending.delete(work)).catch(() => {});
  return work;
}

/** Resolves when all tracked work is done, or after `timeoutMs`. */
export async function drainAfterAck(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0 && Date.now() < deadline) {
    await Promise.race([Promise.allSettled([...pending]), new Promise((resolve) => setTimeout(resolve, deadline - Date.now()))]);
  }
}
