import { runBatch, MAX_BATCH_OPS } from './batch.js';
import { MetaPermanentError } from './errors.js';
import { continueEdge } from './paging.js';
import { assignedUserSchema, pageSchema } from './schemas.js';
import type { GraphSession } from './session.js';
import type { MetaAsset, SnapshotWarning } from './types.js';

export type AssignedUsersOptions = {
  pageSize: number;
  batchSize?: number;
  onLoaded: (loaded: number) => void;
  onWarning: (warning: SnapshotWarning) => void;
};

const FIELDS = 'id,name,user_type,tasks';

/**
 * Fills in `assignedUsers` for assets as they stream in: every full set of 50 goes out as one Graph
 * batch at once, so asset paging and assignment loading overlap; `finish()` sends the rest.
 */
export class AssignedUsersLoader {
  private queue: MetaAsset[] = [];
  private readonly running: Array<Promise<void>> = [];
  private failure: { error: unknown } | undefined;
  private loaded = 0;
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
    const ops = assets.map((asset) => ({
      method: 'GET' as const,
      relativeUrl: `${session.config.apiVersion}/${asset.metaId}/assigned_users?${query}`,
    }));
    const results = await runBatch(session, ops);
    await Promise.all(
      results.map(async (result, i) => {
        const asset = assets[i]!;
        if (!result.ok) {
          if (!(result.error instanceof MetaPermanentError)) throw result.error;
          asset.assignedUsersComplete = false;
          this.options.onWarning({ edge: 'assigned_users', metaId: asset.metaId, code: result.error.code, userMessage: result.error.userMessage });
        } else {
          const call = { method: 'GET' as const, path: `/${asset.metaId}/assigned_users` };
          const first = session.parse(result.json, pageSchema(assignedUserSchema), call);
          // Big assets page on: each op's own paging.next is followed with plain GETs.
          const users = this.failure ? first.data : await continueEdge(session, first, assignedUserSchema);
          asset.assignedUsers = users.map((u) => ({ userId: u.id, tasks: u.tasks, name: u.name, userType: u.user_type }));
        }
        this.options.onLoaded(++this.loaded);
      }),
    );
  }
}
