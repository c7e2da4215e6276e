import type { z } from 'zod';
import { AssignedUsersLoader } from './assigned-users.js';
import { MetaPermanentError } from './errors.js';
import { followEdge } from './paging.js';
import { META_ROLES } from '../domain/roles.js';
import { assetSchema, businessUserSchema, invitationSchema, listedPageSchema, partnerSchema, systemUserSchema } from './schemas.js';
import type { GraphSession } from './session.js';
import type { AssetKind, AssetOwnership, MetaAsset, MetaSnapshot, SnapshotChunk, SnapshotProgress, SnapshotWarning } from './types.js';

export type SnapshotOptions = {
  /** Page size for people and asset edges (Meta may cap it lower). */
  pageSize: number;
  onProgress?: ((progress: SnapshotProgress) => void) | undefined;
  /** Each piece of the snapshot as it arrives, so it can be stored while the rest is read. */
  onChunk?: ((chunk: SnapshotChunk) => void) | undefined;
};

const ASSET_EDGES: ReadonlyArray<{ edge: string; kind: AssetKind; ownership: AssetOwnership }> = [
  { edge: 'owned_ad_accounts', kind: 'ad_account', ownership: 'owned' },
  { edge: 'client_ad_accounts', kind: 'ad_account', ownership: 'client' },
  { edge: 'owned_pages', kind: 'page', ownership: 'owned' },
  { edge: 'client_pages', kind: 'page', ownership: 'client' },
  { edge: 'owned_pixels', kind: 'pixel', ownership: 'owned' },
  { edge: 'owned_product_catalogs', kind: 'catalog', ownership: 'owned' },
  { edge: 'client_product_catalogs', kind: 'catalog', ownership: 'client' },
];

// People edges must load; partner and asset edges may be closed to the app (limited access since 2021),
// which becomes a warning rather than a failed import.
function isPermissionError(error: unknown): error is MetaPermanentError {
  return error instanceof MetaPermanentError && (error.code === 10 || (error.code >= 200 && error.code <= 299));
}

// `role` on business_users reads back base roles only (ADMIN, EMPLOYEE); a finer role someone was given
// (DEVELOPER, FINANCE_EDITOR, …) shows in `tasks` (reference §15).
const FINER_ROLES = new Set<string>(META_ROLES.filter((r) => !['ADMIN', 'EMPLOYEE', 'MANAGE', 'DEFAULT'].includes(r)));

/** The role Hubkeeper shows and compares: ADMIN as read, else the finer role in tasks, else the base role. */
export function effectiveRole(role: string | undefined, tasks: ReadonlyArray<string> | undefined): string | undefined {
  if (role === 'ADMIN') return role;
  return tasks?.find((t) => FINER_ROLES.has(t)) ?? role;
}

/** Imports a business's people, invitations, system users, partners, assets and asset assignments. */
export async function fetchSnapshot(session: GraphSession, options: SnapshotOptions): Promise<MetaSnapshot> {
  const warnings: SnapshotWarning[] = [];
  const assets: MetaAsset[] = [];
  const assetTotals = new Map<string, number | undefined>();
  const emit = options.onChunk;
  const report = (edge: string, fetched: number, total: number | undefined) =>
    options.onProgress?.(total === undefined ? { edge, fetched } : { edge, fetched, total });

  const loader = new AssignedUsersLoader(session, {
    pageSize: options.pageSize,
    onWarning: (warning) => warnings.push(warning),
    onHolders: emit && ((asset, holders) => emit({ kind: 'holders', asset, holders })),
    onLoaded: (loaded) => {
      const totals = [...assetTotals.values()];
      const known = totals.length === ASSET_EDGES.length && totals.every((t) => t !== undefined);
      report('assigned_users', loaded, known ? totals.reduce<number>((a, b) => a + (b ?? 0), 0) : undefined);
    },
  });

  async function edge<S extends z.ZodType>(
    name: string,
    fields: string,
    item: S,
    onItems: (items: Array<z.output<S>>, total: number | undefined) => void,
    tolerant: boolean,
  ): Promise<void> {
    let fetched = 0;
    const call = {
      method: 'GET' as const,
      path: `/${session.businessId}/${name}`,
      params: { fields, limit: String(options.pageSize), summary: 'total_count' },
    };
    try {
      await followEdge(session, call, item, (page) => {
        fetched += page.items.length;
        onItems(page.items, page.total);
        report(name, fetched, page.total);
      });
    } catch (error) {
      if (!tolerant || !isPermissionError(error)) throw error;
      warnings.push({ edge: name, code: error.code, userMessage: error.userMessage });
      onItems([], 0);
    }
  }

  const snapshot: MetaSnapshot = {
    businessId: session.businessId,
    businessUsers: [],
    invitations: [],
    systemUsers: [],
    partners: [],
    assets,
    warnings,
    requestCount: 0,
  };
  const people = [
    edge('business_users', 'id,name,email,role,tasks,first_name,last_name,pending_email,title', businessUserSchema, (items) => {
      const fresh = items.map((u) => ({
        id: u.id, name: u.name, email: u.email, role: effectiveRole(u.role, u.tasks), firstName: u.first_name,
        lastName: u.last_name, pendingEmail: u.pending_email, title: u.title,
      }));
      snapshot.businessUsers.push(...fresh);
      emit?.({ kind: 'businessUsers', items: fresh });
      loader.addPeople(fresh.map((u) => ({ id: u.id, name: u.name, userType: 'BUSINESS_USER' })));
    }, false),
    edge('pending_users', 'id,email,role,status,created_time,expiration_time,invited_user_type', invitationSchema, (items) => {
      const fresh = items.map((i) => {
        const type = i.invited_user_type;
        return {
          id: i.id, email: i.email, role: i.role, status: i.status, createdTime: i.created_time, expirationTime: i.expiration_time,
          accountType: type?.includes('MWA') ? ('work' as const) : type?.includes('FB') ? ('personal' as const) : undefined,
        };
      });
      snapshot.invitations.push(...fresh);
      emit?.({ kind: 'invitations', items: fresh });
    }, false),
    edge('system_users', 'id,name,role', systemUserSchema, (items) => {
      const fresh = items.map((s) => ({ id: s.id, name: s.name, role: s.role }));
      snapshot.systemUsers.push(...fresh);
      emit?.({ kind: 'systemUsers', items: fresh });
      loader.addPeople(fresh.map((u) => ({ id: u.id, name: u.name, userType: 'SYSTEM_USER' })));
    }, false),
    edge('agencies', 'id,name,adaccount_permissions,page_permissions,productcatalog_permissions', partnerSchema, (items) => {
      const perms = (list: typeof items[number]['page_permissions']) =>
        list.map((p) => ({ assetId: p.id, tasks: p.permitted_tasks.length > 0 ? p.permitted_tasks : (p.permitted_roles ?? []), accessStatus: p.access_status }));
      const fresh = items.map((p) => ({
        id: p.id, name: p.name, adAccounts: perms(p.adaccount_permissions),
        pages: perms(p.page_permissions), catalogs: perms(p.productcatalog_permissions),
      }));
      snapshot.partners.push(...fresh);
      emit?.({ kind: 'partners', items: fresh });
    }, true),
  ];
  const assetEdges = ASSET_EDGES.map(({ edge: name, kind, ownership }) => {
    const listed = (items: Array<{ id: string; name: string; access_token?: string | undefined }>, total: number | undefined) => {
      if (!assetTotals.has(name) || total !== undefined) assetTotals.set(name, total);
      const fresh: MetaAsset[] = items.map((a) => ({ kind, ownership, metaId: a.id, name: a.name, assignedUsers: [], assignedUsersComplete: true }));
      assets.push(...fresh);
      emit?.({ kind: 'assets', items: fresh });
      if (kind !== 'page') return loader.add(fresh); // pipeline: batches start while later asset pages are still coming
      for (const a of items) if (a.access_token) session.addSecret(a.access_token);
      loader.addPages(fresh.map((asset, i) => ({ asset, token: items[i]!.access_token })));
    };
    // A Page's own token comes with its listing (the field is left out when the system user can't have one).
    return kind === 'page' ? edge(name, 'id,name,access_token', listedPageSchema, listed, true) : edge(name, 'id,name', assetSchema, listed, true);
  });
  const pageEdges = ASSET_EDGES.flatMap((e, i) => (e.kind === 'page' ? [assetEdges[i]!] : []));
  // Settled, not all: a failing edge fails the snapshot below; this only stops waiting for Pages.
  void Promise.allSettled(pageEdges).then(() => loader.pagesListed());
  try {
    await Promise.all([...people, ...assetEdges]);
    await loader.finish();
  } catch (error) {
    // Stop everything else and let it wind down, so no request of this snapshot outlives its failure.
    session.abort(error);
    loader.abort(error);
    await Promise.allSettled([...people, ...assetEdges]);
    await loader.settled();
    throw error;
  }
  snapshot.requestCount = session.requestCount;
  return snapshot;
}
