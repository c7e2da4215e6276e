import { z } from 'zod';

/** What a removal task remembers (never a secret): who goes, what they held, and where the list was shown. */
export const removalInputSchema = z.object({
  memberId: z.uuid(),
  previousState: z.enum(['unmatched', 'onboarded', 'guest', 'exempted']),
  memberKind: z.enum(['business_user', 'invitation']),
  name: z.string(),
  email: z.string().nullable(),
  holdings: z.string(),
  reason: z.string().nullable(),
  /** The response URL of the list the person clicked in, so the worker can redraw it; expires in 30 min. */
  listUrl: z.string().optional(),
  listPosition: z.string().optional(),
  /** Set when an owner approved it on a deprovision report: the outcome is shown on the report's cards. */
  report: z.object({ reportId: z.uuid(), itemId: z.uuid() }).optional(),
});
export type RemovalInput = z.infer<typeof removalInputSchema>;
