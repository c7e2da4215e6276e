/**
 * What every process shares besides the queues: pacing schedules and locks. It lives where the queues live
 * (Redis, or PostgreSQL), chosen with them in `backend.ts`; each decision is one atomic step there, so two
 * workers never take the same slot or the same lock.
 */
export type Coordination = {
  /** Takes the next slot at least `gapMs` after the key's last one (or `now`); returns its time in ms. */
  reserveGap(key: string, now: number, gapMs: number): Promise<number>;
  /** Moves the key's last slot to `untilMs` when that is later: nothing may be scheduled before it. */
  holdUntil(key: string, untilMs: number, now: number): Promise<void>;
  /**
   * Takes the next slot such that no `windowMs` holds more than `calls` slots (the new one is at least
   * `windowMs` after the slot `calls` places back, and never before the newest); returns its time in ms.
   */
  reserveInWindow(key: string, now: number, calls: number, windowMs: number): Promise<number>;
  /**
   * Runs `work` while holding the lock `key`, or returns `{ taken: false }` at once when another process
   * holds it. A lock whose holder died is free again (Redis: after `ttlMs`; PostgreSQL: with its session).
   */
  withLock<T>(key: string, ttlMs: number, work: () => Promise<T>): Promise<{ taken: true; value: T } | { taken: false }>;
};
