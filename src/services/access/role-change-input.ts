import { z } from 'zod';

/** What a role-change task remembers (never a secret). */
export const roleChangeInputSchema = z.object({
  memberId: z.uuid(),
  memberKind: z.enum(['business_user', 'invitation']),
  name: z.string(),
  email: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string(),
  listUrl: z.string().optional(),
  listPosition: z.string().optional(),
});
export type RoleChangeInput = z.infer<typeof roleChangeInputSchema>;
