import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../src/meta/semaphore.js';

describe('Semaphore', () => {
  it('serves normal waiters first come first served, and low ones only when no normal waiter is queued', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const order: string[] = [];
    const wait = (name: string, priority: 'normal' | 'low') => semaphore.acquire(priority).then(() => order.push(name));
    const all = [wait('batch 1', 'low'), wait('page A', 'normal'), wait('batch 2', 'low'), wait('page B', 'normal')];
    for (let i = 0; i < 4; i++) {
      semaphore.release();
      await Promise.resolve();
    }
    await Promise.all(all);
    expect(order).toEqual(['page A', 'page B', 'batch 1', 'batch 2']);
    expect(semaphore.inFlight).toBe(1);
  });
});
