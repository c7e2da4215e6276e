// Deterministic fake Meta Business Manager data: plain objects the fake Graph server serves and mutates.

export type FakeAssetKind = 'ad_account' | 'page' | 'pixel' | 'catalog';

export type FakeUser = {
  id: string;
  name: string;
  email: string;
  /** Base role only, as business_users reads it back: ADMIN or EMPLOYEE (finer access: tasks & co). */
  role: string;
  first_name: string;
  last_name: string;
  title?: string;
  pending_email?: string;
  /** Business-level tasks (businessuser_tasks); default [role]. */
  tasks?: string[];
  /** e.g. EDITOR / ANALYST after a FINANCE_* role (the spec types it as a string only). */
  finance_permission?: string;
  ip_permission?: string;
};

export type FakeInvitation = {
  id: string;
  email: string;
  role: string;
  status: string;
  created_time: string;
  expiration_time?: string;
  /** FB (personal profile, Meta's default when omitted) or MWA (managed work account). */
  invited_user_type?: string[];
  tasks?: string[];
};

export type FakeSystemUser = { id: string; name: string; role: string; created_time: string };

export type FakePermission = { id: string; permitted_tasks: string[]; access_status: string };

export type FakePartner = {
  id: string;
  name: string;
  adaccount_permissions: FakePermission[];
  page_permissions: FakePermission[];
  productcatalog_permissions: FakePermission[];
  /**
   * The partner's own people the partner assigned to assets it holds here: they appear on those assets'
   * assigned_users with `business` = the partner (AssignedUser.business), and lose the assets with the partner.
   */
  people?: Array<{ id: string; name: string }>;
};

export type FakeAssignment = { userId: string; tasks: string[] };

export type FakeAsset = {
  /** Graph id; ad accounts are `act_<n>`. */
  id: string;
  kind: FakeAssetKind;
  ownership: 'owned' | 'client';
  name: string;
  /** Other Graph fields served when asked for (account_id, currency, category, vertical, …). */
  fields: Record<string, unknown>;
  assigned: FakeAssignment[];
};

/**
 * A business asset group: its assets, and the people assigned to it with their tasks per asset kind. Meta
 * refuses to reduce or remove a member's access to one of its assets through the asset's own assigned_users
 * until they leave the group (reference §6.3, §15).
 */
export type FakeAssetGroup = {
  id: string;
  name: string;
  assetIds: string[];
  users: Array<{ userId: string; tasks: Partial<Record<FakeAssetKind, string[]>> }>;
};

export type FakeBusinessData = {
  id: string;
  name: string;
  /** Work email domain, e.g. acme.example. */
  domain: string;
  users: FakeUser[];
  invitations: FakeInvitation[];
  systemUsers: FakeSystemUser[];
  partners: FakePartner[];
  assets: FakeAsset[];
  /** Apps the business owns (`owned_apps`); the token's app is one of them unless a test says otherwise. */
  apps?: Array<{ id: string; name: string }>;
  assetGroups?: FakeAssetGroup[];
};

export type GenerateOptions = {
  id?: string;
  name?: string;
  domain?: string;
  members: number;
  invitations?: number;
  systemUsers?: number;
  partners?: number;
  adAccounts?: number;
  clientAdAccounts?: number;
  pages?: number;
  clientPages?: number;
  pixels?: number;
  catalogs?: number;
  clientCatalogs?: number;
  /** Share of members whose email is a personal (gmail-style) address; default 0.15. */
  personalEmailShare?: number;
  /** Share of members who are ADMIN (at least one always is); default 0.05. */
  adminShare?: number;
  /** People of each partner, assigned to the partner's first ad account (and Page, if it has one); default 0. */
  partnerPeople?: number;
  /** People assigned per asset, inclusive range; default [1, 6]. */
  assignmentsPerAsset?: [number, number];
  seed?: number;
};

const FIRST = ['Ana', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Aiko', 'Bruno', 'Carmen', 'Dmitri', 'Esme', 'Felix'];
const LAST = ['Alvarez', 'Brown', 'Chen', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Mensah', 'Novak', 'Okafor', 'Patel', 'Quispe', 'Rossi', 'Silva', 'Tanaka', 'Ueda', 'Varga', 'Weber', 'Xu', 'Yilmaz', 'Zhang'];
const TITLES = ['Media Buyer', 'Growth Lead', 'Analyst', 'Designer', 'Account Manager', 'Head of Ads', 'Copywriter'];
const PERSONAL = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com'];
const PARTNER_NAMES = ['Northwind Media', 'Bluebird Agency', 'Summit Performance', 'Lighthouse Digital', 'Orbit Creative'];

const BUNDLES: Record<FakeAssetKind, string[][]> = {
  ad_account: [['MANAGE', 'ADVERTISE', 'ANALYZE'], ['ADVERTISE', 'ANALYZE'], ['ANALYZE']],
  page: [['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'ADVERTISE', 'ANALYZE'], ['CREATE_CONTENT', 'MODERATE', 'ADVERTISE', 'ANALYZE'], ['ADVERTISE', 'ANALYZE'], ['ANALYZE']],
  pixel: [['EDIT', 'UPLOAD', 'ADVERTISE', 'ANALYZE'], ['ANALYZE']],
  catalog: [['MANAGE', 'ADVERTISE'], ['ADVERTISE']],
};

/** mulberry32: tiny, fast, good enough for fixtures. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Meta's datetime format: ISO-8601 with a +0000 offset. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

const EPOCH = Date.UTC(2026, 8, 1);
const DAY = 86_400_000;

/** Builds a business deterministically from `seed`; 20k members and 3k assets take well under a second. */
export function generateBusiness(options: GenerateOptions): FakeBusinessData {
  const rnd = seededRandom(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const id = options.id ?? '1111111111';
  const base = Number(id.slice(-6)) * 1_000_000; // keeps ids of different businesses apart
  const domain = options.domain ?? 'acme.example';
  const used = new Map<string, number>();
  const emailFor = (first: string, last: string, host: string) => {
    const stem = `${first}.${last}`.toLowerCase();
    const n = (used.get(`${stem}@${host}`) ?? 0) + 1;
    used.set(`${stem}@${host}`, n);
    return `${stem}${n > 1 ? n : ''}@${host}`;
  };

  const personal = options.personalEmailShare ?? 0.15;
  const users: FakeUser[] = [];
  for (let i = 0; i < options.members; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const isAdmin = i === 0 || rnd() < (options.adminShare ?? 0.05);
    const user: FakeUser = {
      id: String(2_000_000_000_000_000 + base + i),
      name: `${first} ${last}`,
      email: emailFor(first, last, rnd() < personal ? pick(PERSONAL) : domain),
      role: isAdmin ? 'ADMIN' : 'EMPLOYEE',
      first_name: first,
      last_name: last,
    };
    if (rnd() < 0.6) user.title = pick(TITLES);
    users.push(user);
  }

  const invitations: FakeInvitation[] = Array.from({ length: options.invitations ?? 0 }, (_, i) => {
    const created = EPOCH - Math.floor(rnd() * 20) * DAY;
    return {
      id: String(3_000_000_000_000_000 + base + i),
      email: emailFor(pick(FIRST), pick(LAST), rnd() < personal ? pick(PERSONAL) : domain),
      role: rnd() < 0.1 ? 'ADMIN' : 'EMPLOYEE',
      status: 'PENDING',
      created_time: graphTime(created),
      expiration_time: graphTime(created + 30 * DAY),
    };
  });

  const systemUsers: FakeSystemUser[] = Array.from({ length: options.systemUsers ?? 1 }, (_, i) => ({
    id: String(4_000_000_000_000_000 + base + i),
    name: i === 0 ? 'Hubkeeper Sync' : `Automation ${i}`,
    role: i === 0 ? 'ADMIN' : 'EMPLOYEE',
    created_time: graphTime(EPOCH - 90 * DAY),
  }));

  const assets: FakeAsset[] = [];
  let serial = 0;
  const addAssets = (count: number | undefined, kind: FakeAssetKind, ownership: 'owned' | 'client', label: string) => {
    for (let i = 0; i < (count ?? 0); i++) {
      const n = 6_000_000_000_000_000 + base + serial++;
      const name = `${ownership === 'client' ? 'Client ' : ''}${label} ${i + 1}`;
      const fields: Record<string, unknown> =
        kind === 'ad_account' ? { account_id: String(n), account_status: 1, currency: pick(['USD', 'EUR', 'GBP']), timezone_name: 'Europe/London' }
        : kind === 'page' ? { category: pick(['Brand', 'Product/service', 'Shopping & retail']) }
        : kind === 'catalog' ? { vertical: 'commerce', product_count: Math.floor(rnd() * 5000) }
        : {};
      if (ownership === 'client') fields.permitted_tasks = BUNDLES[kind][0];
      assets.push({ id: kind === 'ad_account' ? `act_${n}` : String(n), kind, ownership, name, fields, assigned: assign(kind) });
    }
  };
  const [lo, hi] = options.assignmentsPerAsset ?? [1, 6];
  function assign(kind: FakeAssetKind): FakeAssignment[] {
    const people = users.length === 0 ? 0 : Math.min(users.length, lo + Math.floor(rnd() * (hi - lo + 1)));
    const chosen = new Set<string>();
    for (let tries = 0; chosen.size < people && tries < people * 4; tries++) chosen.add(pick(users).id);
    const out = [...chosen].map((userId) => ({ userId, tasks: pick(BUNDLES[kind]) }));
    if (systemUsers[0] && rnd() < 0.5) out.push({ userId: systemUsers[0].id, tasks: BUNDLES[kind][0]! });
    return out;
  }
  addAssets(options.adAccounts, 'ad_account', 'owned', 'Ad Account');
  addAssets(options.clientAdAccounts, 'ad_account', 'client', 'Ad Account');
  addAssets(options.pages, 'page', 'owned', 'Page');
  addAssets(options.clientPages, 'page', 'client', 'Page');
  addAssets(options.pixels, 'pixel', 'owned', 'Pixel');
  addAssets(options.catalogs, 'catalog', 'owned', 'Catalog');
  addAssets(options.clientCatalogs, 'catalog', 'client', 'Catalog');

  const owned = (kind: FakeAssetKind) => assets.filter((a) => a.kind === kind && a.ownership === 'owned');
  const grant = (kind: FakeAssetKind, list: FakeAsset[]) =>
    list
      .filter((_, i) => i === 0 || rnd() < 0.5) // every partner works on at least one asset of each kind
      .slice(0, 25)
      .map((a) => ({ id: a.id, permitted_tasks: BUNDLES[kind][1] ?? BUNDLES[kind][0]!, access_status: 'CONFIRMED' }));
  const partners: FakePartner[] = Array.from({ length: options.partners ?? 0 }, (_, i) => ({
    id: String(5_000_000_000_000_000 + base + i),
    name: PARTNER_NAMES[i % PARTNER_NAMES.length]! + (i >= PARTNER_NAMES.length ? ` ${i + 1}` : ''),
    adaccount_permissions: grant('ad_account', owned('ad_account')),
    page_permissions: grant('page', owned('page')),
    productcatalog_permissions: grant('catalog', owned('catalog')),
  }));

  // Last, so the draws above (and every fixture built on them) stay as they were.
  partners.forEach((partner, p) => {
    partner.people = Array.from({ length: options.partnerPeople ?? 0 }, (_, i) => ({
      id: String(5_100_000_000_000_000 + base + p * 1000 + i),
      name: `${FIRST[(p * 7 + i * 3) % FIRST.length]} ${LAST[(p * 5 + i) % LAST.length]}`,
    }));
    const first = [partner.adaccount_permissions[0], partner.page_permissions[0]].flatMap((perm) => (perm ? [perm] : []));
    for (const perm of first) {
      const asset = assets.find((a) => a.id === perm.id);
      for (const person of partner.people) asset?.assigned.push({ userId: person.id, tasks: perm.permitted_tasks });
    }
  });

  // The harness connects with App ID 2000000002: the business owns that app.
  const apps = [{ id: '2000000002', name: 'Hubkeeper' }];
  return { id, name: options.name ?? 'Acme Ads', domain, users, invitations, systemUsers, partners, assets, apps };
}

/** The small business `npm run demo` shows: a few dozen people, some personal emails, one agency. */
export function sampleBusiness(): FakeBusinessData {
  return generateBusiness({
    id: '1111111111',
    name: 'Acme Ads',
    domain: 'acme.example',
    members: 36,
    invitations: 3,
    systemUsers: 1,
    partners: 1,
    adAccounts: 3,
    clientAdAccounts: 1,
    pages: 2,
    pixels: 1,
    catalogs: 1,
    personalEmailShare: 0.2,
    seed: 42,
  });
}
