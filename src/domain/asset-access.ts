// Access to one asset: which tasks Meta takes for each kind of asset, which sets of them it accepts, and what
// can be taken away through its API. Pure: facts from Meta's spec and guides (reference §6.3, §6.4, §7).

export type AssetKind = 'ad_account' | 'page' | 'pixel' | 'catalog';

/**
 * Tasks `POST /{asset-id}/assigned_users` accepts, per kind (the spec's enums). Pages: Meta now refuses the older
 * names (MANAGE, CREATE_CONTENT, MODERATE, MESSAGING) and lists FULL_CONTROL, CONTENT, MESSAGES,
 * COMMUNITY_ACTIVITY, ADVERTISE, ANALYZE (reference §6.4, observed on v23.0; the SDK spec still has the old ones).
 */
export const ASSET_TASKS: Readonly<Record<AssetKind, readonly string[]>> = {
  ad_account: ['MANAGE', 'ADVERTISE', 'ANALYZE', 'DRAFT', 'AA_ANALYZE'],
  page: ['FULL_CONTROL', 'CONTENT', 'MESSAGES', 'COMMUNITY_ACTIVITY', 'ADVERTISE', 'ANALYZE'],
  pixel: ['EDIT', 'UPLOAD', 'ADVERTISE', 'ANALYZE', 'AA_ANALYZE'],
  catalog: ['MANAGE', 'ADVERTISE', 'AA_ANALYZE', 'MANAGE_AR'],
};

/**
 * The task sets Meta documents as roles on each kind; others may be refused (100/1752129). Pixels and Pages (whose
 * newer tasks are chosen one by one, with Full control standing alone) have none documented.
 */
const BUNDLES: Readonly<Partial<Record<AssetKind, ReadonlyArray<{ role: string; tasks: readonly string[] }>>>> = {
  ad_account: [
    { role: 'Admin', tasks: ['MANAGE', 'ADVERTISE', 'ANALYZE'] },
    { role: 'Advertiser', tasks: ['ADVERTISE', 'ANALYZE'] },
    { role: 'Analyst', tasks: ['ANALYZE'] },
    { role: 'Draft only', tasks: ['DRAFT'] },
  ],
  catalog: [
    { role: 'Admin', tasks: ['MANAGE', 'ADVERTISE'] },
    { role: 'Advertiser', tasks: ['ADVERTISE'] },
  ],
};

/** The tasks the grant form offers (Slack shows at most 10 checkboxes); each kind takes some of them. */
export const OFFERED_TASKS: readonly string[] = ['MANAGE', 'ADVERTISE', 'ANALYZE', 'DRAFT', 'EDIT', 'UPLOAD', 'FULL_CONTROL', 'CONTENT', 'MESSAGES', 'COMMUNITY_ACTIVITY'];

/** On a Page, Full control is every task at once: Meta's Page settings offer it instead of the others, not with them. */
const FULL_CONTROL = 'FULL_CONTROL';

const NOUN: Record<AssetKind, string> = { ad_account: 'ad account', page: 'Page', pixel: 'pixel', catalog: 'catalog' };

/** "ad account", "Page", … */
export const assetNoun = (kind: AssetKind): string => NOUN[kind];
const withArticle = (kind: AssetKind) => `${kind === 'ad_account' ? 'an' : 'a'} ${NOUN[kind]}`;

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "MANAGE" → "Manage", "CREATE_CONTENT" → "Create content". */
export function taskLabel(task: string): string {
  return capitalize(task.toLowerCase().replace(/_/g, ' '));
}

/** "Manage, Advertise and Analyze". */
export function describeTasks(tasks: readonly string[]): string {
  const labels = tasks.map(taskLabel);
  if (labels.length <= 1) return labels[0] ?? 'no tasks';
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((task) => b.includes(task));

/** Tasks in Meta's order for the kind, without duplicates. */
const ordered = (kind: AssetKind, tasks: readonly string[]) => ASSET_TASKS[kind].filter((task) => tasks.includes(task));

export type GrantCheck = { ok: true; tasks: string[] } | { ok: false; message: string };

/** Whether Meta takes these tasks on this kind of asset; a refusal says which sets it does take. */
export function checkGrant(kind: AssetKind, tasks: readonly string[]): GrantCheck {
  if (tasks.length === 0) return { ok: false, message: 'Choose at least one task.' };
  const foreign = tasks.filter((task) => !ASSET_TASKS[kind].includes(task));
  if (foreign.length > 0) {
    return { ok: false, message: `${capitalize(withArticle(kind))} has no ${describeTasks(foreign).replace(' and ', ' or ')} task. It takes: ${describeTasks(ASSET_TASKS[kind].filter((t) => OFFERED_TASKS.includes(t)))}.` };
  }
  if (kind === 'page' && tasks.includes(FULL_CONTROL) && tasks.length > 1) {
    return { ok: false, message: 'Full control already includes every other task on a Page: choose it alone, or choose the tasks without it.' };
  }
  const bundles = BUNDLES[kind];
  if (bundles && !bundles.some((bundle) => sameSet(bundle.tasks, tasks))) {
    const sets = bundles.map((bundle) => `${bundle.role} (${describeTasks(bundle.tasks)})`).join('; ');
    return { ok: false, message: `Meta accepts these sets of tasks on ${withArticle(kind)}: ${sets}.` };
  }
  return { ok: true, tasks: ordered(kind, tasks) };
}

/** Meta's API has no way to take a pixel from one person (no DELETE on a pixel's assigned_users). */
export function canRevoke(kind: AssetKind): boolean {
  return kind !== 'pixel';
}

/** Partners hold ad accounts, Pages and catalogs through the agencies edges (no pixel permissions there). */
export function canRemovePartnerFrom(kind: AssetKind): boolean {
  return kind !== 'pixel';
}

/**
 * Whether a partner's permission is access it holds: Meta's `access_status` is CONFIRMED (a person's assignment has
 * no status). Anything else (CLIENT_RESPONSE_PENDING, PENDING, …) is a request still waiting, not access (§7).
 */
export function isHeldPermission(accessStatus: string | null | undefined): boolean {
  return accessStatus === null || accessStatus === undefined || accessStatus === 'CONFIRMED';
}

/** Who can hold an asset: people and system users by assignment, partner businesses by permission. */
export function holdsAssets(member: { kind: string; state: string; goneAt: Date | null }): boolean {
  return member.kind !== 'invitation' && member.goneAt === null && member.state !== 'removal_pending' && member.state !== 'removed';
}

/** Whether a member is Hubkeeper itself: the system user its access token belongs to (`tokenUserId`, once Meta said). */
export function isHubkeeperItself(memberMetaId: string, tokenUserId: string | null | undefined): boolean {
  return Boolean(tokenUserId) && memberMetaId === tokenUserId;
}

/**
 * Why Hubkeeper refuses a change to its own system user's access on one asset, or undefined when it is only given
 * more: taking the asset away (`next` undefined) or any task of it could cut Hubkeeper off from the asset.
 */
export function whyNotChangeOwnAccess(kind: AssetKind, held: readonly string[], next?: readonly string[]): string | undefined {
  if (next && held.every((task) => next.includes(task))) return undefined;
  const consequence = kind === 'page'
    ? "Hubkeeper reads and changes who holds a Page through it (with the Page's own token), so every later change to this Page would fail."
    : `Without it, Hubkeeper could no longer read or change who holds this ${NOUN[kind]}.`;
  return `This is the system user Hubkeeper's access token belongs to. ${consequence} Hubkeeper never takes its own access away or reduces it; if you mean to, do it in Meta Business Suite, then reconnect the hub with a token of another system user.`;
}
