import { describe, expect, it } from 'vitest';
import { validEnv } from './valid-env.js';
import { loadConfig } from '../../../src/config.js';
import { reportSettings } from '../../../src/services/reports/settings.js';

const valid = validEnv;

describe('report settings', () => {
  it('reminds after 24 hours, escalates after 72, and paces Meta writes to 60 a minute by default', () => {
    expect(reportSettings(loadConfig(valid))).toMatchObject({
      remindAfterMs: 24 * 3_600_000, escalateAfterMs: 72 * 3_600_000, remindEveryMs: 24 * 3_600_000, itemsPerPage: 10,
      reinviteWindowMs: 7 * 86_400_000, metaWrites: { calls: 60, windowMs: 60_000 },
    });
  });

  it('reads the times and the Meta write limit from the environment', () => {
    const config = loadConfig({ ...valid, REPORT_REMIND_AFTER_HOURS: '12', REPORT_ESCALATE_AFTER_HOURS: '48', META_WRITE_LIMIT: '50/500ms' });
    expect(reportSettings(config)).toMatchObject({ remindAfterMs: 12 * 3_600_000, escalateAfterMs: 48 * 3_600_000, metaWrites: { calls: 50, windowMs: 500 } });
    expect(loadConfig({ ...valid, META_WRITE_LIMIT: '200/1h' }).META_WRITE_LIMIT).toEqual({ calls: 200, windowMs: 3_600_000 });
  });

  it('says how to write a Meta write limit it cannot read', () => {
    expect(() => loadConfig({ ...valid, META_WRITE_LIMIT: 'fast' })).toThrow(/META_WRITE_LIMIT must look like 60\/1m/);
    expect(() => loadConfig({ ...valid, REPORT_REMIND_AFTER_HOURS: '0' })).toThrow(/REPORT_REMIND_AFTER_HOURS must be more than 0 hours/);
  });
});
