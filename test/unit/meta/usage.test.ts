import { describe, expect, it } from 'vitest';
import { backoffMs, rateLimitWaitMs, readUsage, slowdownMs } from '../../../src/meta/usage.js';

describe('usage headers', () => {
  it('is undefined when Meta sent none', () => {
    expect(readUsage({})).toBeUndefined();
  });

  it('reads X-App-Usage percentages', () => {
    expect(readUsage({ 'x-app-usage': '{"call_count":28,"total_time":85,"total_cputime":25}' })).toEqual({ maxPct: 85, regainMs: 0 });
  });

  it('reads every BUC entry and converts estimated_time_to_regain_access from minutes', () => {
    const header = JSON.stringify({
      '66782684': [{ type: 'ads_management', call_count: 95, total_cputime: 20, total_time: 20, estimated_time_to_regain_access: 0 }],
      '10153848260347724': [{ type: 'pages', call_count: 97, total_cputime: 23, total_time: 23, estimated_time_to_regain_access: 3 }],
    });
    expect(readUsage({ 'x-business-use-case-usage': header })).toEqual({ maxPct: 97, regainMs: 180_000 });
  });

  it('reads X-Ad-Account-Usage; reset seconds count once the account is at 100 %', () => {
    expect(readUsage({ 'x-ad-account-usage': '{"acc_id_util_pct":9.67,"reset_time_duration":100}' })).toEqual({ maxPct: 9.67, regainMs: 0 });
    expect(readUsage({ 'x-ad-account-usage': '{"acc_id_util_pct":100,"reset_time_duration":100}' })).toEqual({ maxPct: 100, regainMs: 100_000 });
  });

  it('ignores malformed headers rather than failing', () => {
    expect(readUsage({ 'x-app-usage': 'not json', 'x-business-use-case-usage': '[1,2]' })).toBeUndefined();
  });

  it('rateLimitWaitMs takes the longest figure, including ad-account reset time', () => {
    const headers = {
      'x-business-use-case-usage': JSON.stringify({ 1: [{ call_count: 100, estimated_time_to_regain_access: 2 }] }),
      'x-ad-account-usage': JSON.stringify({ acc_id_util_pct: 50, reset_time_duration: 300 }),
    };
    expect(rateLimitWaitMs(headers)).toBe(300_000);
    expect(rateLimitWaitMs({})).toBe(0);
  });
});

describe('backoff and slowdown', () => {
  it('doubles per attempt with jitter in [exp/2, exp], capped', () => {
    expect(backoffMs(0, () => 0)).toBe(500);
    expect(backoffMs(0, () => 1)).toBe(1000);
    expect(backoffMs(3, () => 0)).toBe(4000);
    expect(backoffMs(3, () => 1)).toBe(8000);
    expect(backoffMs(20, () => 1)).toBe(60_000);
    expect(backoffMs(2, () => 0.5, 100)).toBe(300);
  });

  it('adds no delay below 80 % and ramps to the maximum at 100 %', () => {
    expect(slowdownMs(79)).toBe(0);
    expect(slowdownMs(80)).toBe(250);
    expect(slowdownMs(90)).toBe(2500);
    expect(slowdownMs(100)).toBe(5000);
    expect(slowdownMs(140)).toBe(5000);
    expect(slowdownMs(95, 90, 1000)).toBe(500);
  });
});
