import { z } from 'zod';
import { decodePosition, encodePosition, type ListPosition } from '../../domain/member-list.js';

/** What a member modal remembers in private_metadata (Slack returns it untouched with the submission). */
export type MemberModalContext = {
  memberId: string;
  revision: number;
  hubId: string;
  /** The response URL of the list the person clicked in, to redraw it after the decision. */
  listUrl?: string | undefined;
  position?: ListPosition | undefined;
};

const schema = z.object({
  m: z.uuid(),
  r: z.number().int().min(0),
  h: z.uuid(),
  u: z.string().max(500).optional(),
  p: z.string().max(100).optional(),
});

export function encodeModalContext(context: MemberModalContext): string {
  return JSON.stringify({
    m: context.memberId,
    r: context.revision,
    h: context.hubId,
    ...(context.listUrl ? { u: context.listUrl } : {}),
    ...(context.position ? { p: encodePosition(context.position) } : {}),
  });
}

export function decodeModalContext(value: string | undefined): MemberModalContext | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(value ?? ''));
    if (!parsed.success) return undefined;
    const { m, r, h, u, p } = parsed.data;
    return { memberId: m, revision: r, hubId: h, listUrl: u, position: decodePosition(p) };
  } catch {
    return undefined;
  }
}
