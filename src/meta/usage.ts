type HeaderBag = Record<string, string | string[] | undefined>;

/** What Meta's usage headers say about how close this business is to being throttled. */
export type UsageReading = {
  /** Highest percentage across every usage figure present (0–100+). */
  maxPct: number;
  /** Longest wait any header asks for (BUC minutes, ad-account reset seconds), in ms. */
  regainMs: number;
};

function header(headers: HeaderBag, name: string): unknown {
  const raw = headers[name] ?? headers[name.toLowerCase()];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // a malformed header is no information, not a failure
  }
}

function num(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Reads X-App-Usage, X-Business-Use-Case-Usage, X-Ad-Account-Usage and X-FB-Ads-Insights-Throttle. */
export function readUsage(headers: HeaderBag): UsageReading | undefined {
  let seen = false;
  let maxPct = 0;
  let regainMs = 0;
  const app = record(header(headers, 'x-app-usage'));
  if (app) {
    seen = true;
    maxPct = Math.max(maxPct, num(app.call_count), num(app.total_time), num(app.total_cputime));
  }
  const buc = record(header(headers, 'x-business-use-case-usage'));
  for (const entries of Object.values(buc ?? {})) {
    for (const entry of Array.isArray(entries) ? entries : [entries]) {
      const e = record(entry);
      if (!e) continue;
      seen = true;
      maxPct = Math.max(maxPct, num(e.call_count), num(e.total_time), num(e.total_cputime));
      regainMs = Math.max(regainMs, num(e.estimated_time_to_regain_access) * 60_000); // minutes
    }
  }
  const account = record(header(headers, 'x-ad-account-usage'));
  if (account) {
    seen = true;
    const pct = num(account.acc_id_util_pct);
    maxPct = Math.max(maxPct, pct);
    if (pct >= 100) regainMs = Math.max(regainMs, num(account.reset_time_duration) * 1000); // seconds
  }
  const insights = record(header(headers, 'x-fb-ads-insights-throttle'));
  if (insights) {
    seen = true;
    maxPct = Math.max(maxPct, num(insights.app_id_util_pct), num(insights.acc_id_util_pct));
  }
  return seen ? { maxPct, regainMs } : undefined;
}

/** Wait a rate-limit error asks for: the header figures when present, including ad-account reset time. */
export function rateLimitWaitMs(headers: HeaderBag): number {
  const usage = readUsage(headers);
  if (!usage) return 0;
  const account = record(header(headers, 'x-ad-account-usage'));
  const reset = account ? num(account.reset_time_duration) * 1000 : 0;
  return Math.max(usage.regainMs, reset);
}

/** Exponential backoff with "equal jitter": somewhere in [exp/2, exp], exp = min(cap, base·2^attempt). */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 1000, capMs = 60_000): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * Spacing to put between request starts once usage nears the limit. Meta throttles at 100 % and says
 * calls made while throttled extend the block, so we ramp linearly from no delay at `thresholdPct`
 * (80 % by default; 5 % of `maxMs` there) to `maxMs` between calls at 100 %: gentle at first, close to a halt at the edge.
 */
export function slowdownMs(pct: number, thresholdPct = 80, maxMs = 5000): number {
  if (pct < thresholdPct) return 0;
  const share = Math.min(1, (pct - thresholdPct) / Math.max(1, 100 - thresholdPct));
  return Math.round(maxMs * Math.max(0.05, share)); // at the threshold itself: 5 % of maxMs
}
