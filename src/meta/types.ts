export type AssetKind = 'ad_account' | 'page' | 'pixel' | 'catalog';
export type AssetOwnership = 'owned' | 'client';

export type MetaBusinessUser = {
  id: string;
  name: string;
  email?: string | undefined;
  /** ADMIN or EMPLOYEE in practice (the edge reports base roles only). */
  role?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  pendingEmail?: string | undefined;
  title?: string | undefined;
};

export type MetaInvitation = {
  id: string;
  email: string;
  role?: string | undefined;
  status?: string | undefined;
  createdTime?: string | undefined;
  expirationTime?: string | undefined;
  /** `work` when the invitation asks for a managed work account (MWA), `personal` for a Facebook profile (FB). */
  accountType?: 'work' | 'personal' | undefined;
};

export type MetaSystemUser = { id: string; name: string; role?: string | undefined };

export type MetaAssetPermission = { assetId?: string | undefined; tasks: string[]; accessStatus?: string | undefined };

export type MetaPartner = {
  id: string;
  name: string;
  adAccounts: MetaAssetPermission[];
  pages: MetaAssetPermission[];
  catalogs: MetaAssetPermission[];
};

export type MetaAssignedUser = {
  userId: string;
  tasks: string[];
  name?: string | undefined;
  /** e.g. BUSINESS_USER or SYSTEM_USER, as Meta reports it. */
  userType?: string | undefined;
  /** The business the person belongs to, when Meta says: another one than the hub's is a partner's person. */
  business?: { id: string; name?: string | undefined } | undefined;
};

export type MetaAsset = {
  kind: AssetKind;
  ownership: AssetOwnership;
  /** Graph id; ad accounts are `act_<n>`. */
  metaId: string;
  name: string;
  assignedUsers: MetaAssignedUser[];
  /** False when Meta would not tell us who holds this asset (see `warnings`). */
  assignedUsersComplete: boolean;
};

/** Something the snapshot could not read but did not need to fail for (e.g. no permission on an edge). */
export type SnapshotWarning = { edge: string; metaId?: string | undefined; code: number; userMessage: string };

export type MetaSnapshot = {
  businessId: string;
  businessUsers: MetaBusinessUser[];
  invitations: MetaInvitation[];
  systemUsers: MetaSystemUser[];
  partners: MetaPartner[];
  assets: MetaAsset[];
  warnings: SnapshotWarning[];
  /** HTTP requests made, retries and batch requests included (a batch counts once). */
  requestCount: number;
};

export type SnapshotProgress = { edge: string; fetched: number; total?: number | undefined };

/** A piece of a snapshot as it arrives: a page of people or assets, or who holds an asset (maybe in parts). */
export type SnapshotChunk =
  | { kind: 'businessUsers'; items: MetaBusinessUser[] }
  | { kind: 'invitations'; items: MetaInvitation[] }
  | { kind: 'systemUsers'; items: MetaSystemUser[] }
  | { kind: 'partners'; items: MetaPartner[] }
  | { kind: 'assets'; items: MetaAsset[] }
  | { kind: 'holders'; asset: MetaAsset; holders: MetaAssignedUser[] };
