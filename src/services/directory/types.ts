import type { Transaction } from '../../../db/client.js';
/** A SCIM resource as stored: canonical attribute names, no id/meta/schemas, no password. */
export type ScimDoc = Record<string, unknown>;

/** Which IdP connection made a change; recorded in audit events. Never holds the token itself. */
export type DirectoryActor = {
  idp: 'okta' | 'entra' | 'unknown';
  userAgent: string | null;
  /** A short fingerprint of the bearer token (sha256 prefix) so a rotation shows up in the audit trail. */
  credential: string;
};

export type DirectoryUserRecord = {
  id: string;
  resource: ScimDoc;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  deactivatedAt: Date | null;
  deactivatedVia: string | null;
};

export type UserTransition = 'deactivated' | 'reactivated' | null;

export type UserWriteResult = { record: DirectoryUserRecord; transition: UserTransition };

/** Runs inside the transaction that deactivates or deletes users, so what must follow is recorded with the change. */
export type DeactivationHook = (tx: Transaction, directoryUserIds: string[]) => Promise<void>;

export type GroupMember = { value: string; display: string };

export type DirectoryGroupRecord = {
  id: string;
  resource: ScimDoc;
  createdAt: Date;
  updatedAt: Date;
  /** Present only when the caller asked for members. */
  members?: GroupMember[];
};

export type MembershipChange =
  | { kind: 'add' | 'remove' | 'set'; ids: string[] }
  | { kind: 'clear' };

export type Page = { startIndex: number; count: number };

/** A unique attribute (userName, group displayName) is already taken. */
export class DirectoryConflictError extends Error {
  override name = 'DirectoryConflictError';
  constructor(readonly attribute: string, readonly value: string) {
    super(`${attribute} "${value}" is already in use`);
  }
}

/** The request is well-formed but names things that don't exist (e.g. a member id that is no user). */
export class DirectoryValidationError extends Error {
  override name = 'DirectoryValidationError';
}

/** A filter shape the store can't answer (e.g. members.display); the IdPs never send these. */
export class UnsupportedFilterError extends Error {
  override name = 'UnsupportedFilterError';
}

/** Ids are uuids; anything else is simply unknown (404), never a database error. */
export { isUuid } from '../../lib/text.js';
