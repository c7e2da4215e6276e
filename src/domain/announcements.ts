/** What a finished task can announce: its kind and how it ended. */
export const TASK_EVENTS = [
  'sync.completed',
  'sync.failed',
  'remove_member.completed',
  'remove_member.failed',
  'invite_member.completed',
  'invite_member.failed',
  'change_role.completed',
  'change_role.failed',
  'asset_access.completed',
  'asset_access.failed',
] as const;
export type TaskEvent = (typeof TASK_EVENTS)[number];

/** The words people type for each event in `/hub announce`. */
export const EVENT_WORDS: Readonly<Record<TaskEvent, string>> = {
  'sync.completed': 'checks',
  'sync.failed': 'check-failures',
  'remove_member.completed': 'removals',
  'remove_member.failed': 'removal-failures',
  'invite_member.completed': 'invites',
  'invite_member.failed': 'invite-failures',
  'change_role.completed': 'role-changes',
  'change_role.failed': 'role-change-failures',
  'asset_access.completed': 'asset-changes',
  'asset_access.failed': 'asset-change-failures',
};

/** How a digest counts each event: "3 removals done". */
export const EVENT_COUNTS: Readonly<Record<TaskEvent, [one: string, many: string]>> = {
  'sync.completed': ['check for updates done', 'checks for updates done'],
  'sync.failed': ['check for updates failed', 'checks for updates failed'],
  'remove_member.completed': ['member removed', 'members removed'],
  'remove_member.failed': ['removal failed', 'removals failed'],
  'invite_member.completed': ['invitation sent', 'invitations sent'],
  'invite_member.failed': ['invitation failed', 'invitations failed'],
  'change_role.completed': ['role changed', 'roles changed'],
  'change_role.failed': ['role change failed', 'role changes failed'],
  'asset_access.completed': ['access change made', 'access changes made'],
  'asset_access.failed': ['access change failed', 'access changes failed'],
};

const GROUPS: Readonly<Record<'all' | 'none' | 'failures', readonly TaskEvent[]>> = {
  all: TASK_EVENTS,
  none: [],
  failures: TASK_EVENTS.filter((event) => event.endsWith('.failed')),
};

const BY_WORD = new Map<string, readonly TaskEvent[]>([
  ...Object.entries(GROUPS),
  ...TASK_EVENTS.map((event) => [EVENT_WORDS[event], [event]] as [string, TaskEvent[]]),
]);

/** Every word `/hub announce` understands: each event's word, then the groups. */
export const ANNOUNCE_WORDS: readonly string[] = [...TASK_EVENTS.map((event) => EVENT_WORDS[event]), ...Object.keys(GROUPS)];

export function taskEvent(kind: string, status: string): TaskEvent | undefined {
  const event = `${kind}.${status}`;
  return (TASK_EVENTS as readonly string[]).includes(event) ? (event as TaskEvent) : undefined;
}

/** Whether a hub announces an event in channels; a hub that never chose announces everything. */
export function announces(chosen: readonly string[] | null | undefined, event: TaskEvent): boolean {
  return chosen == null || chosen.includes(event);
}

export type AnnounceArgs = { hubName: string | undefined; events: TaskEvent[] | undefined };

/**
 * `/hub announce [hub] [events…]`: the trailing words that name events (or all, none, failures) are the choice,
 * the words before them the hub. No event words means "show the current choice".
 */
export function parseAnnounceArgs(args: readonly string[]): AnnounceArgs {
  let split = args.length;
  while (split > 0 && BY_WORD.has(args[split - 1]!.toLowerCase().replace(/,$/, ''))) split--;
  const words = args.slice(split).map((word) => word.toLowerCase().replace(/,$/, ''));
  const events = words.length ? TASK_EVENTS.filter((event) => words.some((word) => BY_WORD.get(word)!.includes(event))) : undefined;
  return { hubName: args.slice(0, split).join(' ').trim() || undefined, events };
}

/** The words for a choice, e.g. "checks, removals" or "nothing". */
export function describeEvents(chosen: readonly string[] | null | undefined): string {
  if (chosen == null || TASK_EVENTS.every((event) => chosen.includes(event))) return 'everything';
  const words = TASK_EVENTS.filter((event) => chosen.includes(event)).map((event) => EVENT_WORDS[event]);
  return words.length ? words.join(', ') : 'nothing';
}
