import { z } from 'zod';
import type { ConnectHubInput } from '../../services/hub-setup/hubs.js';
import { ConnectFields as F } from '../ids.js';

import type { ViewStateValues } from './view-state.js';

const schema = z.object({
  [F.label.block]: z
    .string({ error: 'Give the hub a label.' })
    .trim()
    .min(2, { error: 'Use at least 2 characters.' })
    .max(40, { error: 'Use at most 40 characters.' })
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._&'-]*$/u, { error: 'Use letters, digits, spaces and . _ & \' - only.' }),
  [F.accessToken.block]: z
    .string({ error: 'Paste the system-user access token.' })
    .trim()
    .regex(/^\S+$/, { error: 'The token has spaces in it: paste it again without them.' })
    .min(32, { error: 'That is too short to be a Meta access token. Paste the whole token (it usually starts with EAA).' })
    .max(1024, { error: 'That is too long to be a Meta access token.' })
    .regex(/^[A-Za-z0-9_|.-]+$/, { error: 'A Meta access token has only letters and digits (it usually starts with EAA).' }),
  [F.businessId.block]: z
    .string({ error: 'Enter the business ID.' })
    .trim()
    .regex(/^\d{5,20}$/, { error: 'A business ID is a number of 5 to 20 digits (Business Settings → Business info).' }),
  [F.appId.block]: z
    .string({ error: 'Enter the app ID.' })
    .trim()
    .regex(/^\d{5,20}$/, { error: 'An app ID is a number of 5 to 20 digits (App Dashboard → Settings → Basic).' }),
  [F.appSecret.block]: z
    .string()
    .trim()
    .regex(/^[a-f0-9]{32}$/i, { error: 'An app secret is 32 letters and digits (App Dashboard → Settings → Basic → App secret, Show).' })
    .optional(),
  [F.loginMethod.block]: z.enum(['sso', 'password'], { error: 'Choose how members log in.' }),
  [F.channel.block]: z.string({ error: 'Choose a channel for notifications.' }).regex(/^[CG][A-Z0-9]+$/, {
    error: 'Choose a channel (not a direct message) for notifications.',
  }),
});

function flatten(values: ViewStateValues): Record<string, string | undefined> {
  const read = (field: { block: string; action: string }) => {
    const state = values[field.block]?.[field.action];
    return state?.value ?? state?.selected_option?.value ?? state?.selected_conversation ?? state?.selected_channel ?? undefined;
  };
  return Object.fromEntries(Object.values(F).map((field) => [field.block, read(field)]));
}

export type ConnectFormResult = { ok: true; input: ConnectHubInput } | { ok: false; errors: Record<string, string> };

/** Reads the connect modal; errors are keyed by block_id, ready for `response_action: "errors"`. */
export function parseConnectSubmission(values: ViewStateValues): ConnectFormResult {
  const parsed = schema.safeParse(flatten(values));
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { ok: false, errors };
  }
  const data = parsed.data;
  return {
    ok: true,
    input: {
      label: data[F.label.block] as string,
      accessToken: data[F.accessToken.block] as string,
      businessId: data[F.businessId.block] as string,
      appId: data[F.appId.block] as string,
      ...(data[F.appSecret.block] ? { appSecret: data[F.appSecret.block] as string } : {}),
      loginMethod: data[F.loginMethod.block] as 'sso' | 'password',
      channelId: data[F.channel.block] as string,
    },
  };
}
