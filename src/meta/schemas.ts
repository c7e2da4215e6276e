import { z } from 'zod';

// Lenient on purpose: only what we rely on is required; unknown fields are dropped, absent ones are absent.
const id = z.union([z.string(), z.number()]).transform(String);
const tasks = z.array(z.string()).default([]);

/** Meta's error envelope: `{ error: { message, type, code, error_subcode, fbtrace_id, is_transient } }`. */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    message: z.string().default(''),
    type: z.string().optional(),
    code: z.coerce.number().default(0),
    error_subcode: z.coerce.number().optional(),
    fbtrace_id: z.string().optional(),
    is_transient: z.boolean().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

function buildPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item).default([]),
    paging: z
      .object({
        cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
        next: z.string().optional(),
        previous: z.string().optional(),
      })
      .optional(),
    summary: z.object({ total_count: z.coerce.number().optional() }).optional(),
  });
}

// zod compiles each schema on first use; building one per page would recompile thousands of times.
const pageSchemas = new WeakMap<z.ZodType, unknown>();

/** One page of an edge, with its items parsed by `item` (memoised per item schema). */
export function pageSchema<T extends z.ZodType>(item: T): ReturnType<typeof buildPageSchema<T>> {
  let schema = pageSchemas.get(item) as ReturnType<typeof buildPageSchema<T>> | undefined;
  if (!schema) pageSchemas.set(item, (schema = buildPageSchema(item)));
  return schema;
}

export const businessUserSchema = z.object({
  id,
  name: z.string().default(''),
  email: z.string().optional(),
  role: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  pending_email: z.string().optional(),
  title: z.string().optional(),
  tasks: z.array(z.string()).optional(),
});

/** What one business user may do: the base role, and the finer access Meta keeps beside it (§15). */
export const businessUserAccessSchema = z.object({
  id,
  role: z.string().optional(),
  tasks: z.array(z.string()).optional(),
  finance_permission: z.string().optional(),
  ip_permission: z.string().optional(),
});

export const invitationSchema = z.object({
  id,
  email: z.string().default(''),
  role: z.string().optional(),
  status: z.string().optional(),
  created_time: z.string().optional(),
  expiration_time: z.string().optional(),
  invited_user_type: z.array(z.string()).optional(),
});

export const systemUserSchema = z.object({ id, name: z.string().default(''), role: z.string().optional() });

const assetPermissionSchema = z.object({
  id: id.optional(),
  permitted_tasks: tasks,
  permitted_roles: z.array(z.string()).optional(),
  access_status: z.string().optional(),
});

export const partnerSchema = z.object({
  id,
  name: z.string().default(''),
  adaccount_permissions: z.array(assetPermissionSchema).default([]),
  page_permissions: z.array(assetPermissionSchema).default([]),
  productcatalog_permissions: z.array(assetPermissionSchema).default([]),
});

export const assetSchema = z.object({ id, name: z.string().default('') });

/** A Page as listed with `access_token`: the field is absent when the caller can't manage the Page. */
export const listedPageSchema = assetSchema.extend({ access_token: z.string().optional() });

export const assignedUserSchema = z.object({
  id,
  name: z.string().optional(),
  user_type: z.string().optional(),
  /** The business the person belongs to (AssignedUser.business): a partner's, for a partner's people. */
  business: z.object({ id, name: z.string().optional() }).optional(),
  tasks,
});

/** One Page of `GET /{user-id}/assigned_pages?fields=id,tasks`. */
export const assignedPageSchema = z.object({ id, tasks });


/** One Page read for its token (`fields=access_token`): absent when the caller can't manage the Page. */
export const pageTokenSchema = z.object({ id: id.optional(), access_token: z.string().optional() });

export const successSchema = z.object({
  success: z.union([z.boolean(), z.literal('true'), z.literal('false')]).transform((v) => v === true || v === 'true'),
});

export const idSchema = z.object({ id });

/** A Graph batch answer: one entry per op, `null` for ops Meta didn't get to (timeout). */
export const batchResponseSchema = z.array(
  z
    .object({
      code: z.coerce.number(),
      /** The op's own headers (usage included), sent only with include_headers=true. */
      headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
      body: z.string().nullable().default(null),
    })
    .nullable(),
);
