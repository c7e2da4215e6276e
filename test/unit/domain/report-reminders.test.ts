import { describe, expect, it } from 'vitest';
import { planReminders, waitedWords, type WaitingReport } from '../../../src/domain/report-reminders.js';

const HOUR = 3_600_000;
const now = new Date('2026-03-10T12:00:00Z');
const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
const settings = { remindAfterMs: 24 * HOUR, escalateAfterMs: 72 * HOUR, everyMs: 24 * HOUR };
const report = (id: string, hours: number, owners: string[], lastEscalatedAt: Date | null = null): WaitingReport => ({
  reportId: id, hubId: `h-${id}`, hubLabel: id, channelId: 'C1', pending: 2, oldestPendingAt: ago(hours), ownerIds: owners, lastEscalatedAt,
});

describe('planReminders', () => {
  it('reminds each owner once for all their waiting reports, after a day, and not again within a day', () => {
    const plan = planReminders(now, [report('a', 30, ['U1', 'U2']), report('b', 25, ['U1']), report('c', 5, ['U3'])], new Map([['U2', ago(3)]]), settings);
    expect(plan.remind).toEqual([{ ownerId: 'U1', reports: [expect.objectContaining({ reportId: 'a' }), expect.objectContaining({ reportId: 'b' })] }]);
    expect(plan.escalate).toEqual([]);
  });

  it('escalates reports waiting 72 hours, once a day', () => {
    const plan = planReminders(now, [report('a', 80, ['U1']), report('b', 80, ['U1'], ago(2)), report('c', 80, ['U1'], ago(25))], new Map(), settings);
    expect(plan.escalate.map((r) => r.reportId)).toEqual(['a', 'c']);
  });

  it('says how long something waited in words', () => {
    expect(waitedWords(30 * 60_000)).toBe('30 minutes');
    expect(waitedWords(HOUR)).toBe('1 hour');
    expect(waitedWords(73 * HOUR)).toBe('3 days');
  });
});
