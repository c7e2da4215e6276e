import { z } from 'zod';
import { decodePosition, encodePosition, type ListPosition } from '../../domain/member-list.js';
import { AssetFields } from '../ids.js';
import { checked } from './access-forms.js';
import { read, result } from './member-forms.js';
import type { ViewStateValues } from './view-state.js';

/** What the Access modal and its confirmations remember (private_metadata): whose access, and which asset. */
export type AssetModalContext = {
  memberId: string;
  hubId: string;
  assetId?: string | undefined;
  /** The response URL of the member list the person came from, to redraw it once Meta made the change. */
  listUrl?: string | undefined;
  position?: ListPosition | undefined;
};

const schema = z.object({
  m: z.uuid(),
  h: z.uuid(),
  a: z.uuid().optional(),
  u: z.string().max(500).optional(),
  p: z.string().max(100).optional(),
});

export function encodeAssetContext(context: AssetModalContext): string {
  return JSON.stringify({
    m: context.memberId,
    h: context.hubId,
    ...(context.assetId ? { a: context.assetId } : {}),
    ...(context.listUrl ? { u: context.listUrl } : {}),
    ...(context.position ? { p: encodePosition(context.position) } : {}),
  });
}

export function decodeAssetContext(value: string | undefined): AssetModalContext | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(value ?? ''));
    if (!parsed.success) return undefined;
    const { m, h, a, u, p } = parsed.data;
    return { memberId: m, hubId: h, assetId: a, listUrl: u, position: decodePosition(p) };
  } catch {
    return undefined;
  }
}

const reason = z.string().trim().max(500, { error: 'At most 500 characters.' }).transform((text) => text || null).nullable();

/** A confirmation that takes access away: an optional reason for the audit log. */
export function parseAssetReason(values: ViewStateValues) {
  return result(z.object({ reason }).safeParse({ reason: read(values, AssetFields.reason) ?? null }), { reason: AssetFields.reason.block });
}

/** The Grant access modal: the asset picked and the tasks ticked (whether Meta takes them is the domain's call). */
export function parseAssetGrant(values: ViewStateValues) {
  const grant = z.object({
    assetId: z.string({ error: 'Choose an asset.' }).regex(/^[0-9a-f-]{36}$/i, { error: 'Choose an asset from the list.' }),
    tasks: z.array(z.string()).min(1, { error: 'Choose at least one task.' }),
  });
  return result(grant.safeParse({ assetId: read(values, AssetFields.asset), tasks: checked(values, AssetFields.tasks) }), {
    assetId: AssetFields.asset.block, tasks: AssetFields.tasks.block,
  });
}
