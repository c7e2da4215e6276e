import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../../../db/client.js';
import type { Logger } from '../../lib/logger.js';
import type { DeactivationHook, DirectoryActor, MembershipDelta } from '../../services/directory/index.js';

export type ScimDeps = {
  db: Database;
  bearerToken: string;
  logger: Logger;
  /** Runs inside the transaction that deactivates or deletes users; records the hub checks in production. */
  recordDeactivation?: DeactivationHook;
  /** Called after a commit that deactivated or deleted users; queues hub checks in production. */
  onUsersDeactivated: (directoryUserIds: string[]) => Promise<unknown>;
  /** Called after a commit that added people to a group or took them out; queues hub work in production. */
  onGroupMembersChanged?: (groupId: string, delta: MembershipDelta) => Promise<unknown>;
};

/** One request: what routes need, nothing more. */
export type RouteContext = {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  deps: ScimDeps;
  actor: DirectoryActor;
  /** Absolute base for meta.location, e.g. https://hubkeeper.example.com/scim/v2. */
  baseUrl: string;
};
