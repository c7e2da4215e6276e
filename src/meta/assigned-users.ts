import { runBatch, MAX_BATCH_OPS, type BatchOp, type BatchOpResult } from './batch.js';
import { MetaPermanentError } from './errors.js';
import { continueEdge } from './paging.js';
import { assignedPageSchema, assignedUserSchema, pageSchema } from './schemas.js';
import type { GraphSession } from './session.js';
import { authParams } from './transport.js';
import type { MetaAsset, MetaAssignedUser, SnapshotWarning } from './types.js';

export type AssignedUsersOptions = {
  pageSize: number;
  batchSize?: number;
  onLoaded: (loaded: number) => void;
  onWarning: (warning: SnapshotWarning) => void;
  /** Who holds an asset, as soon as it is known (an asset at a time, or a batch of people at a time). */
  onHolders?: ((asset: MetaAsset, holders: MetaAssignedUser[]) => void) | undefined;
};

/** A person who can hold Pages: a business user or a system user. */
export type PagePerson = { id: string; name: string; userType: 'BUSINESS_USER' | 'SYSTEM_USER' };

const FIELDS = 'id,name,user_type,business,tasks';

/**
 * Fills in `assignedUsers` for assets as they stream in, every full set of 50 as one Graph batch at once, so
 * listing and loading overlap.
 *
 * Pages are read the cheapest way Meta allows (reference §15). Their listing carries each Page's token (the
 * `access_token` field, present when the system user has the Page); if every Page has one, each Page's
 * `assigned_users` is read with its token, like any other asset. If any Page has none, its people can only be
 * found per person (`GET /{user-id}/assigned_pages`), which then answers for every Page at once: each person
 * is read as their page of business users arrives, and no Page needs a call of its own.
 */
export class AssignedUsersLoader {
  private queue: Array<{ asset: MetaAsset; token?: string | undefined }> = [];
  private readonly running: Array<Promise<void>> = [];
  private failure: { error: unknown } | undefined;
  private loaded = 0;
  private readonly batchSize: number;
  /** Pages and their tokens until every Page is listed; then the way to read them is chosen. */
  private pages: Array<{ asset: MetaAsset; token: string | undefined }> | undefined = [];
  private perPerson: Map<string, MetaAsset> | undefined;
  private people: PagePerson[] = [];
  private personError: MetaPermanentError | undefined;

  constructor(private readonly session: GraphSession, private readonly options: AssignedUsersOptions) {
    this.batchSize = Math.min(MAX_BATCH_OPS, options.batchSize ?? MAX_BATCH_OPS);
  }

  /** Queues assets that are not Pages; full batches are dispatched immediately. */
  add(assets: MetaAsset[]): void {
    this.queue.push(...assets.map((asset) => ({ asset })));
    this.drainAssets(false);
  }

  /** Pages as they are listed, with the Page token Meta gave for each (if any). */
  addPages(pages: Array<{ asset: MetaAsset; token: string | undefined }>): void {
    if (!this.pages) throw new Error('Pages were already listed');
    this.pages.push(...pages);
  }

  /** Every Page is listed: read each with its token if all have one, else read everyone's assigned_pages. */
  pagesListed(): void {
    const pages = this.pages;
    if (!pages) return;
    this.pages = undefined;
    if (pages.every((p) => p.token)) {
      this.queue.push(...pages);
      this.drainAssets(false);
      return;
    }
    this.perPerson = new Map(pages.map((p) => [p.asset.metaId, p.asset]));
    this.drainPeople(false);
  }

  /** Business users and system users as they are listed (read per person when some Page has no token). */
  addPeople(people: PagePerson[]): void {
    if (this.pages || this.perPerson) this.people.push(...people);
    this.drainPeople(false);
  }

  /** Sends what is left and waits for every batch; rethrows the first fatal error. Call once all is listed. */
  async finish(): Promise<void> {
    this.pagesListed();
    this.drainAssets(true);
    this.drainPeople(true);
    await Promise.all(this.running);
    if (this.failure) throw this.failure.error;
    for (const page of this.perPerson?.values() ?? []) {
      if (this.personError) {
        page.assignedUsersComplete = false;
        this.options.onWarning({ edge: 'assigned_pages', metaId: page.metaId, code: this.personError.code, userMessage: this.personError.userMessage });
      }
      this.options.onLoaded(++this.loaded);
    }
  }

  /** Stops dispatching further work (the snapshot has failed elsewhere). */
  abort(error: unknown): void {
    this.failure ??= { error };
  }

  /** Resolves once every dispatched batch has finished, however it ended. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.running);
  }

  private drainAssets(all: boolean): void {
    while (this.queue.length >= this.batchSize || (all && this.queue.length > 0)) this.dispatch(this.loadAssets(this.queue.splice(0, this.batchSize)));
  }

  private drainPeople(all: boolean): void {
    if (!this.perPerson) return;
    if (this.perPerson.size === 0) return void (this.people = []);
    while (this.people.length >= this.batchSize || (all && this.people.length > 0)) this.dispatch(this.loadPeople(this.people.splice(0, this.batchSize)));
  }

  private dispatch(work: Promise<void>): void {
    this.running.push(work.catch((error: unknown) => this.abort(error)));
  }

  /** Runs a batch and hands each op's answer to `each`; transient failures that outlast the retries are fatal. */
  private async batch<T>(items: T[], op: (item: T) => BatchOp, each: (item: T, result: BatchOpResult) => Promise<void>): Promise<void> {
    if (this.failure || items.length === 0) return;
    const results = await runBatch(this.session, items.map(op));
    await Promise.all(
      results.map(async (result, i) => {
        if (!result.ok && !(result.error instanceof MetaPermanentError)) throw result.error;
        await each(items[i]!, result);
      }),
    );
  }

  private async loadAssets(ready: Array<{ asset: MetaAsset; token?: string | undefined }>): Promise<void> {
    const { session } = this;
    const query = new URLSearchParams({ business: session.businessId, fields: FIELDS, limit: String(this.options.pageSize) });
    const op = ({ asset, token }: { asset: MetaAsset; token?: string | undefined }): BatchOp => {
      const auth = token ? `&${new URLSearchParams(authParams(session.config, token))}` : '';
      return { method: 'GET', relativeUrl: `${session.config.apiVersion}/${asset.metaId}/assigned_users?${query}${auth}` };
    };
    await this.batch(ready, op, async ({ asset, token }, result) => {
      if (!result.ok) {
        const error = result.error as MetaPermanentError;
        asset.assignedUsersComplete = false;
        this.options.onWarning({ edge: 'assigned_users', metaId: asset.metaId, code: error.code, userMessage: error.userMessage });
      } else {
        const call = { method: 'GET' as const, path: `/${asset.metaId}/assigned_users` };
        const first = session.parse(result.json, pageSchema(assignedUserSchema), call);
        // Big assets page on: each op's own paging.next is followed with plain GETs (a Page's with its token).
        const users = this.failure ? first.data : await continueEdge(session, first, assignedUserSchema, undefined, { token });
        asset.assignedUsers = users.map((u) => ({ userId: u.id, tasks: u.tasks, name: u.name, userType: u.user_type, business: u.business }));
        this.options.onHolders?.(asset, asset.assignedUsers);
      }
      this.options.onLoaded(++this.loaded);
    });
  }

  /** `GET /{user-id}/assigned_pages` (system-user token, edge field `tasks`) for up to 50 people at once. */
  private async loadPeople(people: PagePerson[]): Promise<void> {
    const { session } = this;
    const pages = this.perPerson!;
    const query = new URLSearchParams({ fields: 'id,tasks', limit: String(this.options.pageSize) });
    const found = new Map<MetaAsset, MetaAssignedUser[]>();
    await this.batch(people, (person) => ({ method: 'GET', relativeUrl: `${session.config.apiVersion}/${person.id}/assigned_pages?${query}` }), async (person, result) => {
      if (!result.ok) return void (this.personError ??= result.error as MetaPermanentError);
      const call = { method: 'GET' as const, path: `/${person.id}/assigned_pages` };
      const first = session.parse(result.json, pageSchema(assignedPageSchema), call);
      for (const held of await continueEdge(session, first, assignedPageSchema)) {
        const page = pages.get(held.id);
        if (!page) continue; // a Page outside this business's listings
        const holder = { userId: person.id, tasks: held.tasks, name: person.name, userType: person.userType };
        page.assignedUsers.push(holder);
        found.set(page, [...(found.get(page) ?? []), holder]);
      }
    });
    for (const [page, holders] of found) this.options.onHolders?.(page, holders);
  }
}
