import { z } from 'zod';
import { ExemptFields, MatchFields, RemoveFields } from '../ids.js';
import type { ViewStateValues } from './view-state.js';

type Field = { block: string; action: string };
type StateValue = ViewStateValues[string][string] & { selected_date?: string | null };
export type FormResult<T> = { ok: true; input: T } | { ok: false; errors: Record<string, string> };

/** The one value of an input: typed text, the selected option, or the picked date. */
export function read(values: ViewStateValues, field: Field): string | undefined {
  const state = values[field.block]?.[field.action] as StateValue | undefined;
  return state?.value ?? state?.selected_option?.value ?? state?.selected_date ?? undefined;
}

/** A zod result as a form result: errors keyed by the block_id each field lives in. */
export function result<T>(parsed: z.ZodSafeParseResult<T>, blocks: Record<string, string>): FormResult<T> {
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const block = blocks[String(issue.path[0])];
    if (block) errors[block] ??= issue.message;
  }
  return { ok: false, errors };
}

const matchSchema = z.object({
  directoryUserId: z.string({ error: 'Search for the person and pick them from the list.' }).regex(/^[0-9a-f-]{36}$/i, { error: 'Pick a person from the list.' }),
  hubRole: z.enum(['owner', 'collaborator'], { error: 'Choose Owner or Collaborator.' }),
});

/** The Match modal: the person picked in the search and the hub role. */
export function parseMatchSubmission(values: ViewStateValues) {
  return result(
    matchSchema.safeParse({ directoryUserId: read(values, MatchFields.person), hubRole: read(values, MatchFields.role) }),
    { directoryUserId: MatchFields.person.block, hubRole: MatchFields.role.block },
  );
}

const DAY_MS = 86_400_000;
const MAX_YEARS = 5;

/** The Exempt modal: a reason of 10–500 characters, and a date after today (UTC) within five years, or none. */
export function parseExemptSubmission(values: ViewStateValues, now: Date) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const schema = z.object({
    reason: z
      .string({ error: 'Say why this member may keep access.' })
      .trim()
      .min(10, { error: 'Give a reason of at least 10 characters, so the owners know why.' })
      .max(500, { error: 'Keep the reason under 500 characters.' }),
    expiresAt: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Pick a date from the calendar.' })
      .transform((value) => new Date(`${value}T00:00:00Z`))
      .refine((date) => !Number.isNaN(date.getTime()), { error: 'Pick a date from the calendar.' })
      .refine((date) => date.getTime() > today, { error: 'Pick a date after today, or leave it empty.' })
      .refine((date) => date.getTime() <= today + MAX_YEARS * 366 * DAY_MS, { error: `Pick a date within ${MAX_YEARS} years.` })
      .nullable(),
  });
  return result(
    schema.safeParse({ reason: read(values, ExemptFields.reason), expiresAt: read(values, ExemptFields.expiresOn) ?? null }),
    { reason: ExemptFields.reason.block, expiresAt: ExemptFields.expiresOn.block },
  );
}

const removeSchema = z.object({
  reason: z.string().trim().max(500, { error: 'Keep the reason under 500 characters.' }).nullable().transform((value) => value || null),
});

/** The Remove confirmation: an optional reason for the audit log. */
export function parseRemoveSubmission(values: ViewStateValues) {
  return result(removeSchema.safeParse({ reason: read(values, RemoveFields.reason) ?? null }), { reason: RemoveFields.reason.block });
}
