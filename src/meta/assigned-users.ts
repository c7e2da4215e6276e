import { runBatch, MAX_BATCH_OPS } from './batch.js';
import { MetaPermanentError } from './errors.js';
import { continueEdge } from './paging.js';
import { assignedPageSchema, assignedUserSchema, pageSchema, pageTokenSchema } from './schemas.js';
import type { GraphSession } from './session.js';
import { authParams } from './transport.js';
import type { MetaAsset, SnapshotWarning } from './types.js';

export type AssignedUsersOptions = {
  pageSize: number;
  batchSize?: number;
  onLoaded: (loaded: number) => void;
  onWarning: (warning: SnapshotWarning) => void;
};

const FIELDS = 'id,name,user_type,business,tasks';

/**
 * Fills in `assignedUsers` for assets as they stream in: every full set of 50 goes out as one Graph
 * batch at once, so asset paging and assignment loading overlap; `finish()` sends the rest.
 */
export class AssignedUsersLoader {
  private queue: MetaAsset[] = [];
  private readonly running: Array<Promise<void>> = [];
  private failure: { error: unknown } | undefined;
  private loaded = 0;
  private readonly tokenless: MetaAsset[] = [];
  private readonly batchSize: number;

  constructor(private readonly session: GraphSession, private readonly options: AssignedUsersOptions) {
    this.batchSize = Math.min(MAX_BATCH_OPS, options.batchSize ?? MAX_BATCH_OPS);
  }

  /** Queues assets; full batches are dispatched immediately. */
  add(assets: MetaAsset[]): void {
    this.queue.push(...assets);
    while (this.queue.length >= this.batchSize) this.dispatch(this.queue.splice(0, this.batchSize));
  }

  /** Sends what is left and waits for every batch; rethrows the first fatal error. */
  async finish(): Promise<void> {
    if (this.queue.length > 0) this.dispatch(this.queue.splice(0));
    await Promise.all(this.running);
    if (this.failure) throw this.failure.error;
  }

  /** Stops dispatching further work (the snapshot has failed elsewhere). */
  abort(error: unknown): void {
    this.failure ??= { error };
  }

  /** Resolves once every dispatched batch has finished, however it ended. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.running);
  }

  private dispatch(assets: MetaAsset[]): void {
    this.running.push(this.load(assets).catch((error: unknown) => this.abort(error)));
  }

  private async load(assets: MetaAsset[]): Promise<void> {
    if (this.failure) return;
    const { session } = this;
    const query = new URLSearchParams({ business: session.businessId, fields: FIELDS, limit: String(this.options.pageSize) });
    // A Page's assigned_users answers only a Page access token (§15): ask for those first, in one batch.
    const pageTokens = await this.pageTokens(assets.filter((a) => a.kind === 'page'));
    const ready: Array<{ asset: MetaAsset; token?: string | undefined }> = [];
    for (const asset of assets) {
      if (asset.kind !== 'page') ready.push({ asset });
      else if (pageTokens.get(asset.metaId)) ready.push({ asset, token: pageTokens.get(asset.metaId) });
      else this.noPageToken(asset);
    }
    if (ready.length === 0 || this.failure) return;
    const ops = ready.map(({ asset, token }) => {
      const auth = token ? `&${new URLSearchParams(authParams(session.config, token))}` : '';
      return { method: 'GET' as const, relativeUrl: `${session.config.apiVersion}/${asset.metaId}/assigned_users?${query}${auth}` };
    });
    const results = await runBatch(session, ops);
    await Promise.all(
      results.map(async (result, i) => {
        const { asset, token } = ready[i]!;
        if (!result.ok) {
          if (!(result.error instanceof MetaPermanentError)) throw result.error;
          asset.assignedUsersComplete = false;
          this.options.onWarning({ edge: 'assigned_users', metaId: asset.metaId, code: result.error.code, userMessage: result.error.userMessage });
        } else {
          const call = { method: 'GET' as const, path: `/${asset.metaId}/assigned_users` };
          const first = session.parse(result.json, pageSchema(assignedUserSchema), call);
          // Big assets page on: each op's own paging.next is followed with plain GETs (a Page's with its token).
          const users = this.failure ? first.data : await continueEdge(session, first, assignedUserSchema, undefined, { token });
          asset.assignedUsers = users.map((u) => ({ userId: u.id, tasks: u.tasks, name: u.name, userType: u.user_type, business: u.business }));
        }
        this.options.onLoaded(++this.loaded);
      }),
    );
  }

  /**
   * Page access tokens, one batch op per Page (`GET /{page-id}?fields=access_token` with the system-user
   * token). Meta leaves the field out when the system user doesn't have the Page assigned.
   */
  private async pageTokens(pages: MetaAsset[]): Promise<Map<string, string | undefined>> {
    const tokens = new Map<string, string | undefined>();
    if (pages.length === 0) return tokens;
    const { session } = this;
    const ops = pages.map((page) => ({ method: 'GET' as const, relativeUrl: `${session.config.apiVersion}/${page.metaId}?fields=access_token` }));
    const results = await runBatch(session, ops);
    results.forEach((result, i) => {
      const page = pages[i]!;
      if (!result.ok) {
        if (!(result.error instanceof MetaPermanentError)) throw result.error;
        tokens.set(page.metaId, undefined);
        return;
      }
      const parsed = pageTokenSchema.safeParse(result.json);
      const token = parsed.success ? parsed.data.access_token : undefined;
      if (token) session.addSecret(token);
      tokens.set(page.metaId, token);
    });
    return tokens;
  }

  /** A Page Meta gave no token for: its people are read per person at the end (`loadPagesPerPerson`). */
  private noPageToken(asset: MetaAsset): void {
    this.tokenless.push(asset);
  }

  /**
   * Who holds the Pages there was no Page token for, read the other way round: `GET /{user-id}/assigned_pages`
   * (system-user token, edge fields `tasks`) for every business user and system user, 50 to a batch.
   */
  async loadPagesPerPerson(people: ReadonlyArray<{ id: string; name: string; userType: string }>): Promise<void> {
    const pages = this.tokenless.splice(0);
    if (pages.length === 0) return;
    const { session } = this;
    const byId = new Map(pages.map((p) => [p.metaId, p]));
    const query = new URLSearchParams({
      fields: 'id,tasks',
      pages: JSON.stringify(pages.map((p) => Number(p.metaId))),
      limit: String(this.options.pageSize),
    });
    const failed = new Map<string, MetaPermanentError>();
    for (let start = 0; start < people.length; start += this.batchSize) {
      const chunk = people.slice(start, start + this.batchSize);
      const ops = chunk.map((person) => ({ method: 'GET' as const, relativeUrl: `${session.config.apiVersion}/${person.id}/assigned_pages?${query}` }));
      const results = await runBatch(session, ops);
      await Promise.all(
        results.map(async (result, i) => {
          const person = chunk[i]!;
          if (!result.ok) {
            if (!(result.error instanceof MetaPermanentError)) throw result.error;
            failed.set(person.id, result.error);
            return;
          }
          const call = { method: 'GET' as const, path: `/${person.id}/assigned_pages` };
          const first = session.parse(result.json, pageSchema(assignedPageSchema), call);
          for (const held of await continueEdge(session, first, assignedPageSchema)) {
            byId.get(held.id)?.assignedUsers.push({ userId: person.id, tasks: held.tasks, name: person.name, userType: person.userType });
          }
        }),
      );
    }
    const error = [...failed.values()][0];
    for (const page of pages) {
      if (error) {
        page.assignedUsersComplete = false;
        this.options.onWarning({ edge: 'assigned_pages', metaId: page.metaId, code: error.code, userMessage: error.userMessage });
      }
      this.options.onLoaded(++this.loaded);
    }
  }
}
