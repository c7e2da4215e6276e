import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../src/meta/semaphore.js';

describe('Semaphore', () => {
  it('serves normal waiters first come first served, and low ones only when no normal waiter is queued', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const order: string[] = [];
    const wait = (name: string, priority: 'normal' | 'low') => semaphore.acquire(priority).then(() => order.push(name));
    const all = [wait('batch 1', 'low'), wait('page A', 'normal'), wait('batch 2', 'low'), wait('page B', 'normal')];
    // The first holder, page A and page B give their slots back, then batch 1.
    for (const priority of ['normal', 'normal', 'normal', 'low'] as const) {
      semaphore.release(priority);
      await Promise.resolve();
    }
    await Promise.all(all);
    expect(order).toEqual(['page A', 'page B', 'batch 1', 'batch 2']);
    expect(semaphore.inFlight).toBe(1);
  });
});

describe('Semaphore: the last slot', () => {
  it('keeps one slot from low holders, so a normal call never waits behind a full set of batches', async () => {
    const semaphore = new Semaphore(3);
    const held: string[] = [];
    const batches = [1, 2, 3].map((n) => semaphore.acquire('low').then(() => held.push(`batch ${n}`)));
    await Promise.resolve();
    expect(held).toEqual(['batch 1', 'batch 2']);
    await semaphore.acquire('normal'); // at once: the reserved slot
    expect(semaphore.inFlight).toBe(3);
    semaphore.release('low');
    await Promise.all(batches);
    expect(held).toEqual(['batch 1', 'batch 2', 'batch 3']);
    expect(semaphore.inFlight).toBe(3);
    // Normal waiters may still fill every slot.
    const page = semaphore.acquire('normal').then(() => held.push('page'));
    semaphore.release('normal');
    await page;
    expect(semaphore.inFlight).toBe(3);
  });

  it('lets a lone low holder use a bound of one', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire('low');
    expect(semaphore.inFlight).toBe(1);
  });
});
