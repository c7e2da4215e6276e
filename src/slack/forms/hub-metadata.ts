import { z } from 'zod';
import { decodeModalContext } from './member-metadata.js';

/** What a hub-level modal (login, invite, map a group) remembers in private_metadata. */
export type HubModalContext = {
  hubId: string;
  /** The response URL of the list the person clicked in (the group list), to redraw it afterwards. */
  listUrl?: string | undefined;
};

const schema = z.object({ h: z.uuid(), u: z.string().max(500).optional() });

export function encodeHubContext(context: HubModalContext): string {
  return JSON.stringify({ h: context.hubId, ...(context.listUrl ? { u: context.listUrl } : {}) });
}

export function decodeHubContext(value: string | undefined): HubModalContext | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? { hubId: parsed.data.h, listUrl: parsed.data.u } : undefined;
  } catch {
    return undefined;
  }
}

/** The hub any of our modals is about, whichever kind of context it carries. */
export function hubIdOfModal(privateMetadata: string | undefined): string | undefined {
  return decodeModalContext(privateMetadata)?.hubId ?? decodeHubContext(privateMetadata)?.hubId;
}
