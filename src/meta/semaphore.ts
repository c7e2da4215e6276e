/**
 * A counting semaphore: at most `limit` holders at once. Waiters are served first come first served, except
 * that `low` waiters only get a slot when no normal waiter is queued.
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly lowWaiters: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** Resolves once a slot is free; pair with release(). */
  async acquire(priority: 'normal' | 'low' = 'normal'): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => (priority === 'low' ? this.lowWaiters : this.waiters).push(resolve));
  }

  /** Frees a slot, handing it straight to the next waiter if there is one. */
  release(): void {
    const next = this.waiters.shift() ?? this.lowWaiters.shift();
    if (next) next();
    else this.active--;
  }

  get inFlight(): number {
    return this.active;
  }
}
