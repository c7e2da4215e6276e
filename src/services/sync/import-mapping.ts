import type { MetaAsset, MetaAssignedUser, MetaPartner, SnapshotChunk } from '../../meta/types.js';
import type { ImportedAsset, ImportedHolding, ImportedMember } from './snapshot.js';

const clean = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null);

/** The rows a hub keeps for one piece of what Meta returned: one member per person, invitation, system user or partner. */
export function importedRows(chunk: SnapshotChunk): { members?: ImportedMember[]; assets?: ImportedAsset[]; holdings?: ImportedHolding[] } {
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
      return { holdings: holdingsOf(chunk.asset, chunk.holders) };
  }
}

function other(kind: 'system_user' | 'partner', metaId: string, name: string, metaRole: string | null): ImportedMember {
  return { kind, metaId, name: clean(name), email: null, pendingEmail: null, metaRole, accountType: null };
}

const holdingsOf = (asset: MetaAsset, holders: MetaAssignedUser[]): ImportedHolding[] =>
  holders.map((user) => ({ assetKind: asset.kind, assetMetaId: asset.metaId, userMetaId: user.userId, tasks: user.tasks }));

/** A partner's asset permissions (from the agencies edge) are its holdings, like a person's assignments. */
function partnerHoldings(partner: MetaPartner): ImportedHolding[] {
  const lists = [['ad_account', partner.adAccounts], ['page', partner.pages], ['catalog', partner.catalogs]] as const;
  return lists.flatMap(([kind, permissions]) =>
    permissions.flatMap((permission) => (permission.assetId
      ? [{ assetKind: kind, assetMetaId: assetMetaId(kind, permission.assetId), userMetaId: partner.id, tasks: permission.tasks, partner: true }]
      : [])));
}

// Meta may name an ad account in a permission as `act_<n>` or as the bare `<n>`; assets are kept as `act_<n>`.
const assetMetaId = (kind: string, id: string) => (kind === 'ad_account' && !id.startsWith('act_') ? `act_${id}` : id);
