import type { MetaAsset, MetaAssignedUser, MetaPartner, SnapshotChunk } from '../../meta/types.js';
import type { ImportedAsset, ImportedHolding, ImportedMember } from './snapshot.js';

const clean = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null);

/**
 * The rows a hub keeps for one piece of what Meta returned: one member per person, invitation, system user,
 * partner, or partner's person (someone on the hub's assets whose business is not `businessId`).
 */
export function importedRows(chunk: SnapshotChunk, businessId: string): { members?: ImportedMember[]; assets?: ImportedAsset[]; holdings?: ImportedHolding[] } {
  switch (chunk.kind) {
    case 'businessUsers':
      return {
        members: chunk.items.map((user) => ({
          kind: 'business_user' as const,
          metaId: user.id,
          name: clean(user.name) ?? clean([user.firstName, user.lastName].filter(Boolean).join(' ')),
          email: clean(user.email),
          pendingEmail: clean(user.pendingEmail),
          metaRole: clean(user.role),
          accountType: null,
          partnerMetaId: null,
        })),
      };
    case 'invitations':
      return {
        members: chunk.items.map((invitation) => ({
          kind: 'invitation' as const,
          metaId: invitation.id,
          name: null,
          email: clean(invitation.email),
          pendingEmail: null,
          metaRole: clean(invitation.role),
          accountType: invitation.accountType ?? null,
          partnerMetaId: null,
        })),
      };
    case 'systemUsers':
      return { members: chunk.items.map((user) => other('system_user', user.id, user.name, clean(user.role))) };
    case 'partners':
      return {
        members: chunk.items.map((partner) => other('partner', partner.id, partner.name, 'PARTNER')),
        holdings: chunk.items.flatMap(partnerHoldings),
      };
    case 'assets':
      return { assets: chunk.items.map((asset) => ({ kind: asset.kind, ownership: asset.ownership, metaId: asset.metaId, name: clean(asset.name) })) };
    case 'holders':
      return { members: partnerPeople(chunk.holders, businessId), holdings: holdingsOf(chunk.asset, chunk.holders) };
  }
}

function other(kind: 'system_user' | 'partner', metaId: string, name: string, metaRole: string | null): ImportedMember {
  return { kind, metaId, name: clean(name), email: null, pendingEmail: null, metaRole, accountType: null, partnerMetaId: null };
}

/**
 * People Meta lists on the hub's assets who belong to another business (AssignedUser.business): a partner's
 * people. They are kept under their partner, never as the business's own people to match or deprovision.
 */
function partnerPeople(holders: MetaAssignedUser[], businessId: string): ImportedMember[] {
  return holders.flatMap((user) => {
    const partner = user.business?.id;
    if (!partner || partner === businessId) return [];
    return [{ kind: 'partner_user' as const, metaId: user.userId, name: clean(user.name), email: null, pendingEmail: null, metaRole: null, accountType: null, partnerMetaId: partner }];
  });
}

const holdingsOf = (asset: MetaAsset, holders: MetaAssignedUser[]): ImportedHolding[] =>
  holders.map((user) => ({ assetKind: asset.kind, assetMetaId: asset.metaId, userMetaId: user.userId, tasks: user.tasks }));

/**
 * A partner's asset permissions (from the agencies edge) are its holdings, like a person's assignments, with
 * Meta's `access_status`: a request the client has not accepted yet is kept, and shown, as pending.
 */
function partnerHoldings(partner: MetaPartner): ImportedHolding[] {
  const lists = [['ad_account', partner.adAccounts], ['page', partner.pages], ['catalog', partner.catalogs]] as const;
  return lists.flatMap(([kind, permissions]) =>
    permissions.flatMap((permission) => (permission.assetId
      ? [{ assetKind: kind, assetMetaId: assetMetaId(kind, permission.assetId), userMetaId: partner.id, tasks: permission.tasks, partner: true, accessStatus: permission.accessStatus ?? null }]
      : [])));
}

// Meta may name an ad account in a permission as `act_<n>` or as the bare `<n>`; assets are kept as `act_<n>`.
const assetMetaId = (kind: string, id: string) => (kind === 'ad_account' && !id.startsWith('act_') ? `act_${id}` : id);
