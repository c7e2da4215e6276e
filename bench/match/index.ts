import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printTable, round } from '../lib/stats.js';

/*
 * The pure matching step (src/domain/matching.ts planMatches) on 100,000 members × 200,000 directory people ×
 * 50,000 Slack workspace accounts. Each measured run is a fresh Node process, so memory is the step's own:
 * heap delta (allocated during the step, read before any GC) and the RSS peak during the step (sampled every
 * millisecond by a second thread) over RSS just before; the kernel's maxRSS delta is printed as a cross-check.
 * Target: ≤ 500 ms and ≤ 200 MB. Env for a smoke run: MATCH_BENCH_MEMBERS, MATCH_BENCH_DIRECTORY,
 * MATCH_BENCH_WORKSPACE, MATCH_BENCH_PROCESSES (fresh processes, default 3).
 */
const int = (name: string, fallback: number) => {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const sizes = {
  members: int('MATCH_BENCH_MEMBERS', 100_000),
  directory: int('MATCH_BENCH_DIRECTORY', 200_000),
  workspace: int('MATCH_BENCH_WORKSPACE', 50_000),
};
const PROCESSES = int('MATCH_BENCH_PROCESSES', 3);
const TARGET = { ms: 500, mb: 200 };

type Run = {
  coldMs: number; warmMs: number[]; heapDeltaBytes: number; heapRetainedBytes: number; rssPeakDeltaBytes: number; maxRssDeltaBytes: number;
  preStepSlackBytes: number; rssBeforeBytes: number; changes: number; counts: Record<string, number>;
};

const mb = (bytes: number) => round(bytes / 2 ** 20, 1);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function measure(): Run {
  const script = fileURLToPath(new URL('./measure.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
    env: { ...process.env, MATCH_BENCH_SIZES: JSON.stringify(sizes) },
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  if (child.status !== 0) throw new Error(`measure run failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Run;
}

const runs = Array.from({ length: PROCESSES }, measure);
printTable(runs.map((run, i) => ({
  process: i + 1,
  'cold ms': round(run.coldMs, 1),
  'warm ms (median)': round(median(run.warmMs), 1),
  'heap delta MB': mb(run.heapDeltaBytes),
  'heap retained MB': mb(run.heapRetainedBytes),
  'RSS peak delta MB': mb(run.rssPeakDeltaBytes),
  'maxRSS delta MB': mb(run.maxRssDeltaBytes),
  'RSS before MB': mb(run.rssBeforeBytes),
  changes: run.changes,
})));
const counts = runs[0]!.counts;
printTable([counts]);

const coldMs = round(median(runs.map((run) => run.coldMs)), 1);
const warmMs = round(median(runs.flatMap((run) => run.warmMs)), 1);
const heapMb = mb(Math.max(...runs.map((run) => run.heapDeltaBytes)));
const rssMb = mb(Math.max(...runs.map((run) => run.rssPeakDeltaBytes)));
const result = {
  bench: 'match',
  members: sizes.members,
  directory_users: sizes.directory,
  workspace_accounts: sizes.workspace,
  processes: PROCESSES,
  ms: coldMs,
  warm_ms: warmMs,
  heap_delta_mb: heapMb,
  heap_retained_mb: mb(Math.max(...runs.map((run) => run.heapRetainedBytes))),
  rss_peak_delta_mb: rssMb,
  max_rss_delta_mb: mb(Math.max(...runs.map((run) => run.maxRssDeltaBytes))),
  pre_step_rss_slack_mb: mb(Math.max(...runs.map((run) => run.preStepSlackBytes))),
  changes: runs[0]!.changes,
  target: TARGET,
  meets_target: coldMs <= TARGET.ms && Math.max(heapMb, rssMb) <= TARGET.mb,
};
console.log(JSON.stringify(result));
console.log(
  `match: ${round(coldMs / TARGET.ms)}× the ${TARGET.ms} ms target (${coldMs} ms cold, ${warmMs} ms warm, median of ${PROCESSES} fresh processes; ` +
    `${Math.max(heapMb, rssMb)} MB of the ${TARGET.mb} MB budget; ${sizes.members} members × ${sizes.directory} directory people × ${sizes.workspace} Slack accounts) ` +
    `${result.meets_target ? 'PASS' : 'MISS'}`,
);
if (!result.meets_target) process.exitCode = 1;
