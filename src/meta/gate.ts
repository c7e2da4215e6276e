import { Semaphore, type Priority } from './semaphore.js';

/** Per-business throttle state shared by every call: in-flight bound, pause after 429s, spacing near limits. */
export class BusinessGate {
  readonly semaphore: Semaphore;
  spacingMs = 0;
  private pause: Promise<void> | null = null;
  private pauseUntil = 0;
  private spacing: Promise<void> = Promise.resolve();

  constructor(limit: number, private readonly sleep: (ms: number) => Promise<void>, private readonly now: () => number) {
    this.semaphore = new Semaphore(limit);
  }

  /**
   * Takes an in-flight slot, but never while the business is paused (a throttled call extends the block).
   * `low` calls (batches: independent leaves of the work) yield to queued normal ones (pages of an edge, each
   * waited on by the next), so the sequential paging chains that bound a snapshot are never stuck behind them.
   */
  async admit(priority: Priority = 'normal', spaced = true): Promise<void> {
    await this.enter(spaced);
    await this.semaphore.acquire(priority);
    while (this.pause) {
      this.semaphore.release(priority);
      await this.enter(spaced);
      await this.semaphore.acquire(priority);
    }
  }

  /** Gives the in-flight slot back (the priority it was admitted with). */
  leave(priority: Priority = 'normal'): void {
    this.semaphore.release(priority);
  }

  /** Waits out any business-wide pause, then takes the next spaced slot when usage is high. */
  private async enter(spaced: boolean): Promise<void> {
    while (this.pause) await this.pause;
    if (!spaced || this.spacingMs <= 0) return;
    const turn = this.spacing;
    const ms = this.spacingMs;
    this.spacing = turn.then(() => this.sleep(ms));
    await turn;
  }

  /** Stops every call of this business for `ms`; returns false when a longer pause was already running. */
  pauseFor(ms: number): { started: boolean; done: Promise<void> } {
    const until = this.now() + ms;
    if (this.pause && until <= this.pauseUntil) return { started: false, done: this.pause };
    this.pauseUntil = until;
    const done: Promise<void> = this.sleep(ms).then(() => {
      if (this.pause === done) this.pause = null;
    });
    this.pause = done;
    return { started: true, done };
  }
}
