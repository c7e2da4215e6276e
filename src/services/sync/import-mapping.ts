import type { MetaSnapshot } from '../../meta/types.js';
import type { ImportedAsset, ImportedMember } from './snapshot.js';

const clean = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null);

/** Turns what Meta returned into the rows a hub keeps: one member per person, invitation, system user or partner. */
export function toImported(snapshot: MetaSnapshot): { members: ImportedMember[]; assets: ImportedAsset[] } {
  const members: ImportedMember[] = [
    ...snapshot.businessUsers.map((user) => ({
      kind: 'business_user' as const,
      metaId: user.id,
      name: clean(user.name) ?? clean([user.firstName, user.lastName].filter(Boolean).join(' ')),
      email: clean(user.email),
      pendingEmail: clean(user.pendingEmail),
      metaRole: clean(user.role),
      accountType: null,
      partnerMetaId: null,
    })),
    ...snapshot.invitations.map((invitation) => ({
      kind: 'invitation' as const,
      metaId: invitation.id,
      name: null,
      email: clean(invitation.email),
      pendingEmail: null,
      metaRole: clean(invitation.role),
      accountType: invitation.accountType ?? null,
      partnerMetaId: null,
    })),
    ...snapshot.systemUsers.map((user) => ({
      kind: 'system_user' as const,
      metaId: user.id,
      name: clean(user.name),
      email: null,
      pendingEmail: null,
      metaRole: clean(user.role),
      accountType: null,
      partnerMetaId: null,
    })),
    ...snapshot.partners.map((partner) => ({
      kind: 'partner' as const,
      metaId: partner.id,
      name: clean(partner.name),
      email: null,
      pendingEmail: null,
      metaRole: 'PARTNER',
      accountType: null,
      partnerMetaId: null,
    })),
    ...partnerPeople(snapshot),
  ];
  const assets: ImportedAsset[] = snapshot.assets.map((asset) => ({
    kind: asset.kind,
    ownership: asset.ownership,
    metaId: asset.metaId,
    name: clean(asset.name),
    holders: asset.assignedUsers.map((user) => ({ userId: user.userId, tasks: user.tasks })),
  }));
  addPartnerHoldings(snapshot.partners, assets);
  return { members, assets };
}

// Meta may name an ad account in a permission as `act_<n>` or as the bare `<n>`.
const assetKey = (kind: string, metaId: string) => `${kind}/${kind === 'ad_account' ? metaId.replace(/^act_/, '') : metaId}`;

/**
 * People Meta lists on the hub's assets who belong to another business (AssignedUser.business): a partner's
 * people. They are kept under their partner, never as the business's own people to match or deprovision.
 */
function partnerPeople(snapshot: MetaSnapshot): ImportedMember[] {
  const people = new Map<string, ImportedMember>();
  for (const asset of snapshot.assets) {
    for (const user of asset.assignedUsers) {
      const business = user.business?.id;
      if (!business || business === snapshot.businessId || people.has(user.userId)) continue;
      people.set(user.userId, {
        kind: 'partner_user', metaId: user.userId, name: clean(user.name), email: null, pendingEmail: null,
        metaRole: null, accountType: null, partnerMetaId: business,
      });
    }
  }
  return [...people.values()];
}

/**
 * A partner's asset permissions (from the agencies edge) become its holdings, like a person's assignments, with
 * Meta's `access_status`: a request the client has not accepted yet is kept, and shown, as pending.
 */
function addPartnerHoldings(partners: MetaSnapshot['partners'], assets: ImportedAsset[]): void {
  const byKey = new Map(assets.map((asset) => [assetKey(asset.kind, asset.metaId), asset]));
  for (const partner of partners) {
    const lists = [['ad_account', partner.adAccounts], ['page', partner.pages], ['catalog', partner.catalogs]] as const;
    for (const [kind, permissions] of lists) {
      for (const permission of permissions) {
        const asset = permission.assetId ? byKey.get(assetKey(kind, permission.assetId)) : undefined;
        asset?.holders.push({ userId: partner.id, tasks: permission.tasks, partner: true, accessStatus: permission.accessStatus ?? null });
      }
    }
  }
}
