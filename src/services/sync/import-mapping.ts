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
    })),
    ...snapshot.invitations.map((invitation) => ({
      kind: 'invitation' as const,
      metaId: invitation.id,
      name: null,
      email: clean(invitation.email),
      pendingEmail: null,
      metaRole: clean(invitation.role),
      accountType: invitation.accountType ?? null,
    })),
    ...snapshot.systemUsers.map((user) => ({
      kind: 'system_user' as const,
      metaId: user.id,
      name: clean(user.name),
      email: null,
      pendingEmail: null,
      metaRole: clean(user.role),
      accountType: null,
    })),
    ...snapshot.partners.map((partner) => ({
      kind: 'partner' as const,
      metaId: partner.id,
      name: clean(partner.name),
      email: null,
      pendingEmail: null,
      metaRole: 'PARTNER',
      accountType: null,
    })),
  ];
  const assets: ImportedAsset[] = snapshot.assets.map((asset) => ({
    kind: asset.kind,
    ownership: asset.ownership,
    metaId: asset.metaId,
    name: clean(asset.name),
    holders: asset.assignedUsers.map((user) => ({ userId: user.userId, tasks: user.tasks })),
  }));
  return { members, assets };
}
