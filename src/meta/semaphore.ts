export type Priority = 'normal' | 'low';

/**
 * A counting semaphore: at most `limit` holders at once. Waiters are served first come first served, except
 * that `low` waiters only get a slot when no normal waiter is queued, and `low` holders never take the last
 * slot (when there is more than one): a normal call, such as the next page of an edge that the rest of the
 * work waits on, always finds a slot without waiting for a batch to finish.
 */
export class Semaphore {
  private active = 0;
  private lowActive = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly lowWaiters: Array<() => void> = [];
  private readonly lowLimit: number;

  constructor(readonly limit: number) {
    this.lowLimit = limit > 1 ? limit - 1 : limit;
  }

  /** Resolves once a slot is free; pair with release() of the same priority. */
  async acquire(priority: Priority = 'normal'): Promise<void> {
    if (priority === 'normal' ? this.active < this.limit : this.active < this.limit && this.lowActive < this.lowLimit) {
      this.take(priority);
      return;
    }
    await new Promise<void>((resolve) => (priority === 'low' ? this.lowWaiters : this.waiters).push(resolve));
  }

  /** Frees a slot, handing it straight to the next waiter that may have it. */
  release(priority: Priority = 'normal'): void {
    this.active--;
    if (priority === 'low') this.lowActive--;
    while (this.active < this.limit) {
      if (this.waiters.length > 0) {
        this.take('normal');
        this.waiters.shift()!();
      } else if (this.lowWaiters.length > 0 && this.lowActive < this.lowLimit) {
        this.take('low');
        this.lowWaiters.shift()!();
      } else {
        return;
      }
    }
  }

  private take(priority: Priority): void {
    this.active++;
    if (priority === 'low') this.lowActive++;
  }

  get inFlight(): number {
    return this.active;
  }
}
