import { z } from 'zod';
import type { CampaignField, CampaignFormInput } from '../../domain/access-review.js';
import { ReviewFields as F } from '../ids.js';
import { checked } from './access-forms.js';
import { read } from './member-forms.js';
import type { ViewStateValues } from './view-state.js';

/** The `/hub review` modal as typed; the service checks it against the hub's time zone. */
export function readReviewForm(values: ViewStateValues): CampaignFormInput {
  return {
    scope: read(values, F.scope),
    assetId: read(values, F.assetId),
    reviewers: read(values, F.reviewers),
    deadlineDate: read(values, F.deadlineDate),
    removeUnkept: checked(values, F.removeUnkept).includes('yes'),
  };
}

/** The service's field errors, keyed by the block each field lives in. */
export function reviewErrors(errors: Partial<Record<CampaignField, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [F[field as CampaignField].block, message!]));
}

const confirmSchema = z.object({
  h: z.uuid(), c: z.number().int().min(1),
  f: z.object({ s: z.string().max(10), a: z.string().max(40).nullable(), r: z.string().max(10), d: z.string().max(10) }),
});

export type ReviewConfirm = { hubId: string; input: CampaignFormInput; count: number };

/** What the confirmation step remembers (well under private_metadata's 3,000 characters). */
export function encodeReviewConfirm(value: ReviewConfirm): string {
  const f = value.input;
  return JSON.stringify({ h: value.hubId, c: value.count, f: { s: f.scope ?? '', a: f.assetId ?? null, r: f.reviewers ?? '', d: f.deadlineDate ?? '' } });
}

export function decodeReviewConfirm(text: string | undefined): ReviewConfirm | undefined {
  try {
    const parsed = confirmSchema.safeParse(JSON.parse(text ?? ''));
    if (!parsed.success) return undefined;
    const { h, c, f } = parsed.data;
    return { hubId: h, count: c, input: { scope: f.s, assetId: f.a ?? undefined, reviewers: f.r, deadlineDate: f.d, removeUnkept: true } };
  } catch {
    return undefined;
  }
}
