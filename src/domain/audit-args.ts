import { plural } from './wording.js';

const DEFAULT_DAYS = 30;
const UNIT_MS = { h: 3600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

export type AuditArgs =
  | { ok: true; hubName: string | undefined; since: Date; sinceWords: string }
  | { ok: false; error: string };

const SINCE = /^(\d{1,4})([hdw])$|^(\d{4}-\d{2}-\d{2})$/i;

/**
 * `/hub audit [hub] [since]`: the last word is the period when it looks like one — `24h`, `7d`, `4w`, or a
 * date `2026-01-31` (UTC) — and the words before it name the hub. Without a period: the last 30 days.
 */
export function parseAuditArgs(args: readonly string[], now: Date): AuditArgs {
  const last = args.at(-1);
  const match = last ? SINCE.exec(last) : null;
  const hubName = (match ? args.slice(0, -1) : args).join(' ').trim() || undefined;
  if (!match) return { ok: true, hubName, since: new Date(now.getTime() - DEFAULT_DAYS * UNIT_MS.d), sinceWords: `the last ${DEFAULT_DAYS} days` };
  if (match[3]) {
    const since = new Date(`${match[3]}T00:00:00Z`);
    if (Number.isNaN(since.getTime()) || since.toISOString().slice(0, 10) !== match[3]) {
      return { ok: false, error: `“${match[3]}” is not a date. Use YYYY-MM-DD, e.g. \`/hub audit 2026-01-31\`.` };
    }
    if (since > now) return { ok: false, error: 'That date is in the future. Give a day in the past, or a period such as `7d`.' };
    return { ok: true, hubName, since, sinceWords: `${match[3]} (UTC)` };
  }
  const amount = Number(match[1]);
  const unit = match[2]!.toLowerCase() as keyof typeof UNIT_MS;
  const words = { h: 'hour', d: 'day', w: 'week' }[unit];
  return { ok: true, hubName, since: new Date(now.getTime() - amount * UNIT_MS[unit]), sinceWords: `the last ${plural(amount, words)}` };
}
