import { z } from 'zod';

/**
 * A change to access on one asset, or a partner's removal. `revoke`/`grant`: a person or system user on one
 * asset (assigned_users); `partner_revoke`: a partner on one asset; `partner_remove`: a partner from the whole
 * business (agencies edges).
 */
export const ASSET_OPS = ['revoke', 'grant', 'partner_revoke', 'partner_remove'] as const;
export type AssetOp = (typeof ASSET_OPS)[number];

const assetSchema = z.object({
  id: z.uuid(),
  metaId: z.string(),
  kind: z.enum(['ad_account', 'page', 'pixel', 'catalog']),
  name: z.string().nullable(),
});

/** What an asset-access task remembers (never a secret): who, which asset, what they held and what they get. */
export const assetAccessInputSchema = z.object({
  op: z.enum(ASSET_OPS),
  memberId: z.uuid(),
  memberKind: z.enum(['business_user', 'system_user', 'partner']),
  name: z.string(),
  /** The asset, for every op but partner_remove. */
  asset: assetSchema.optional(),
  /** Tasks held before (on the asset; for partner_remove, a line per asset kind, e.g. "3 ad accounts"). */
  held: z.array(z.string()),
  /** grant: the tasks they get. */
  tasks: z.array(z.string()).optional(),
  reason: z.string().nullable(),
  listUrl: z.string().optional(),
  listPosition: z.string().optional(),
});
export type AssetAccessInput = z.infer<typeof assetAccessInputSchema>;
