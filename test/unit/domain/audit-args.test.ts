import { describe, expect, it } from 'vitest';
import { parseAuditArgs } from '../../../src/domain/audit-args.js';

const now = new Date('2026-03-10T12:00:00Z');

describe('parseAuditArgs', () => {
  it('defaults to the last 30 days of every hub', () => {
    expect(parseAuditArgs([], now)).toEqual({ ok: true, hubName: undefined, since: new Date('2026-02-08T12:00:00Z'), sinceWords: 'the last 30 days' });
  });

  it('reads a trailing period and leaves the rest as the hub', () => {
    expect(parseAuditArgs(['Acme', 'Ads', '24h'], now)).toMatchObject({ hubName: 'Acme Ads', since: new Date('2026-03-09T12:00:00Z'), sinceWords: 'the last 24 hours' });
    expect(parseAuditArgs(['2w'], now)).toMatchObject({ hubName: undefined, since: new Date('2026-02-24T12:00:00Z') });
    expect(parseAuditArgs(['Acme', '2026-03-01'], now)).toMatchObject({ hubName: 'Acme', since: new Date('2026-03-01T00:00:00Z'), sinceWords: '2026-03-01 (UTC)' });
  });

  it('explains dates that are not dates, or in the future', () => {
    expect(parseAuditArgs(['2026-02-30'], now)).toMatchObject({ ok: false, error: expect.stringMatching(/not a date/) });
    expect(parseAuditArgs(['2026-04-01'], now)).toMatchObject({ ok: false, error: expect.stringMatching(/in the future/) });
  });

  it('keeps a hub name that merely ends in digits', () => {
    expect(parseAuditArgs(['Brand', '2026'], now)).toMatchObject({ ok: true, hubName: 'Brand 2026' });
  });
});
