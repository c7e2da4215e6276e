import { describe, expect, it } from 'vitest';
import { announces, describeEvents, parseAnnounceArgs, taskEvent, TASK_EVENTS } from '../../../src/domain/announcements.js';

describe('announcements', () => {
  it('reads trailing event words as the choice and the rest as the hub', () => {
    expect(parseAnnounceArgs(['Acme', 'Ads', 'checks', 'removal-failures'])).toEqual({ hubName: 'Acme Ads', events: ['sync.completed', 'remove_member.failed'] });
    expect(parseAnnounceArgs(['failures'])).toEqual({ hubName: undefined, events: TASK_EVENTS.filter((e) => e.endsWith('.failed')) });
    expect(parseAnnounceArgs(['Acme', 'none'])).toEqual({ hubName: 'Acme', events: [] });
    expect(parseAnnounceArgs(['Acme', 'Ads'])).toEqual({ hubName: 'Acme Ads', events: undefined });
  });

  it('announces everything until a hub chooses', () => {
    expect(announces(null, 'sync.completed')).toBe(true);
    expect(announces([], 'sync.completed')).toBe(false);
    expect(announces(['sync.failed'], 'sync.failed')).toBe(true);
    expect(describeEvents(null)).toBe('everything');
    expect(describeEvents([])).toBe('nothing');
    expect(describeEvents(['remove_member.completed', 'sync.completed'])).toBe('checks, removals');
  });

  it('knows the events of finished tasks only', () => {
    expect(taskEvent('remove_member', 'failed')).toBe('remove_member.failed');
    expect(taskEvent('sync', 'running')).toBeUndefined();
  });
});
