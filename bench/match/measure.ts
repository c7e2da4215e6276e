// One measured run in a fresh process (started by bench/match/index.ts with --expose-gc): builds the input,
// collects garbage, then times planMatches and reads what it cost in memory. Prints one JSON line.
import { once } from 'node:events';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { planMatches, type MatchInput } from '../../src/domain/matching.js';
import { generateMatchData } from './data.js';

const sizes = JSON.parse(process.env.MATCH_BENCH_SIZES ?? '{}') as { members: number; directory: number; workspace: number };
const warmRuns = Number(process.env.MATCH_BENCH_WARM_RUNS ?? 3);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

/**
 * A thread that samples the process's RSS every millisecond while the flag is 1, so the step's own peak is
 * seen (the kernel's maxRSS high-water mark would also include building the input).
 */
function startSampler() {
  const flag = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const flag = new Int32Array(workerData);
     let peak = 0;
     parentPort.postMessage('ready');
     while (Atomics.load(flag, 0) !== 2) {
       if (Atomics.load(flag, 0) === 1) peak = Math.max(peak, process.memoryUsage.rss());
       Atomics.wait(flag, 1, 0, 1);
     }
     parentPort.postMessage(Math.max(peak, process.memoryUsage.rss()));`,
    { eval: true, workerData: flag.buffer },
  );
  const ready = once(worker, 'message');
  return {
    ready,
    start: () => Atomics.store(flag, 0, 1),
    async stop(): Promise<number> {
      const peak = once(worker, 'message');
      Atomics.store(flag, 0, 2);
      const [value] = (await peak) as [number];
      await worker.terminate();
      return value;
    },
  };
}

const data = generateMatchData(sizes);
const input: MatchInput = { ...data, loginMethod: 'password' };
const sampler = startSampler();
await sampler.ready;
gc();
gc();
const rssBefore = process.memoryUsage().rss;
const maxRssBefore = process.resourceUsage().maxRSS * 1024;
const heapBefore = getHeapStatistics().used_heap_size;

sampler.start();
const started = performance.now();
const plan = planMatches(input);
const coldMs = performance.now() - started;

// Read before any collection: everything the step allocated and has not yet had collected.
const heapAfter = getHeapStatistics().used_heap_size;
const maxRssAfter = process.resourceUsage().maxRSS * 1024;
const sampledPeak = await sampler.stop();
gc();
const heapRetained = getHeapStatistics().used_heap_size - heapBefore;

const warm: number[] = [];
for (let i = 0; i < warmRuns; i++) {
  const t = performance.now();
  planMatches(input);
  warm.push(performance.now() - t);
}

console.log(JSON.stringify({
  coldMs,
  warmMs: warm,
  heapDeltaBytes: heapAfter - heapBefore,
  heapRetainedBytes: heapRetained,
  // Sampled every millisecond during the step, over RSS just before it.
  rssPeakDeltaBytes: Math.max(0, sampledPeak - rssBefore),
  // A cross-check that cannot miss a short spike: the kernel's high-water mark after the step over RSS before
  // it. It overstates when building the input peaked higher; `preStepSlackBytes` says by how much at most.
  maxRssDeltaBytes: Math.max(0, maxRssAfter - rssBefore),
  preStepSlackBytes: Math.max(0, maxRssBefore - rssBefore),
  rssBeforeBytes: rssBefore,
  changes: plan.changes.length,
  counts: plan.counts,
}));
