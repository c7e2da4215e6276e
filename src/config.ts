import { z } from 'zod';

const ROLES = ['all', 'web', 'worker'] as const;
export type ProcessRole = (typeof ROLES)[number];

const base64Key = z
  .string({ error: 'is missing. Generate one with: openssl rand -base64 32' })
  .refine((value) => Buffer.from(value, 'base64').length === 32, {
    message: 'must be 32 bytes encoded as base64. Generate one with: openssl rand -base64 32',
  });

const url = (example: string) =>
  z.url({ error: `must be a URL, for example ${example}` });

const slackUserIds = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((id) => id.trim()).filter(Boolean))
  .refine((ids) => ids.every((id) => /^[UW][A-Z0-9]+$/.test(id)), {
    message: 'must be a comma-separated list of Slack user ids such as U012ABCDEF',
  });

const RATE_UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** "<calls>/<window>", e.g. 60/1m: the most removals and invitations Hubkeeper sends one business per window. */
const metaWriteLimit = z
  .string()
  .default('60/1m')
  .transform((value, ctx) => {
    const match = /^(\d+)\/(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
    if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must look like 60/1m (calls per window; the window in ms, s, m or h)' });
      return z.NEVER;
    }
    return { calls: Number(match[1]), windowMs: Number(match[2]) * RATE_UNITS[match[3] as keyof typeof RATE_UNITS] };
  });

export const configSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    /** Unset outside production: Hubkeeper starts an embedded PostgreSQL (see db/embedded.ts). */
    DATABASE_URL: url('postgres://postgres@127.0.0.1:5432/hubkeeper')
      .refine((value) => /^postgres(ql)?:\/\//.test(value), {
        message: 'must start with postgres:// (e.g. postgres://postgres@127.0.0.1:5432/hubkeeper)',
      })
      .optional(),
    /** Where the embedded PostgreSQL keeps its data (default: .hubkeeper/postgres in the project). */
    EMBEDDED_POSTGRES_DIR: z.string().min(1).optional(),
    /** Unset: the queues, pacing and locks run on PostgreSQL. Set: on Redis (for scale). */
    REDIS_URL: url('redis://127.0.0.1:6379')
      .refine((value) => /^rediss?:\/\//.test(value), {
        message: 'must start with redis:// or rediss:// (e.g. redis://127.0.0.1:6379)',
      })
      .optional(),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, { message: 'may contain only letters, digits, - and _' })
      .default('hubkeeper'),
    // Required for HTTP request URLs; Socket Mode (SLACK_APP_TOKEN) receives nothing signed.
    SLACK_SIGNING_SECRET: z
      .string()
      .min(1, { message: 'is empty. Copy it from your Slack app: Basic Information → Signing Secret' })
      .optional(),
    SLACK_BOT_TOKEN: z
      .string({ error: 'is missing. Install the app and copy OAuth & Permissions → Bot User OAuth Token (xoxb-…)' })
      .startsWith('xoxb-', { message: 'must be a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token)' }),
    SLACK_APP_TOKEN: z
      .string()
      .startsWith('xapp-', { message: 'must be an app-level token starting with xapp- with the connections:write scope' })
      .optional(),
    SLACK_API_URL: url('https://slack.com/api/').default('https://slack.com/api/'),
    META_GRAPH_URL: url('https://graph.facebook.com').default('https://graph.facebook.com'),
    META_API_VERSION: z
      .string()
      .regex(/^v\d+\.0$/, { message: 'must look like v26.0' })
      .default('v26.0'),
    ENCRYPTION_KEY: base64Key,
    SCIM_BEARER_TOKEN: z
      .string({ error: 'is missing. Generate one with: openssl rand -hex 32, and give the same value to your IdP' })
      .min(32, { message: 'must be at least 32 characters. Generate one with: openssl rand -hex 32' }),
    METRICS_BEARER_TOKEN: z
      .string()
      .min(32, { message: 'must be at least 32 characters. Generate one with: openssl rand -hex 32, and give it to your Prometheus scrape config' })
      .optional(),
    PORT: z.coerce
      .number({ error: 'must be a port number such as 3000' })
      .int()
      .min(0)
      .max(65535, { message: 'must be a port number between 0 and 65535' })
      .default(3000),
    ADMIN_SLACK_USER_IDS: slackUserIds,
    NOTIFY_CHANNEL_ID: z
      .string()
      .regex(/^[CG][A-Z0-9]+$/, { message: 'must be a Slack channel id such as C012ABCDEF (not a #name)' })
      .optional(),
    JOB_LOCK_SECONDS: z.coerce
      .number({ error: 'must be a number of seconds such as 30' })
      .int()
      .min(1, { message: 'must be at least 1 second' })
      .default(30),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    REPORT_REMIND_AFTER_HOURS: z.coerce
      .number({ error: 'must be a number of hours such as 24' })
      .positive({ message: 'must be more than 0 hours' })
      .default(24),
    REPORT_ESCALATE_AFTER_HOURS: z.coerce
      .number({ error: 'must be a number of hours such as 72' })
      .positive({ message: 'must be more than 0 hours' })
      .default(72),
    META_WRITE_LIMIT: metaWriteLimit,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.DATABASE_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message:
          'is missing. In production Hubkeeper needs your PostgreSQL: set DATABASE_URL=postgres://user:password@host:5432/hubkeeper ' +
          '(outside production, without NODE_ENV=production, an embedded PostgreSQL starts instead)',
      });
    }
  })
  .refine((env) => env.SLACK_APP_TOKEN !== undefined || env.SLACK_SIGNING_SECRET !== undefined, {
    path: ['SLACK_SIGNING_SECRET'],
    message: 'is missing. Copy it from your Slack app: Basic Information → Signing Secret (or set SLACK_APP_TOKEN for Socket Mode)',
    // Checked even when other variables are wrong, so one run lists every problem.
    when: () => true,
  })
  .transform((env) => ({ ...env, socketMode: env.SLACK_APP_TOKEN !== undefined, embeddedDatabase: env.DATABASE_URL === undefined }));

/** The environment as read: `DATABASE_URL` may be missing outside production (an embedded PostgreSQL fills it in). */
export type Settings = z.output<typeof configSchema>;
/** The configuration Hubkeeper runs with: the database is known. */
export type Config = Omit<Settings, 'DATABASE_URL'> & { DATABASE_URL: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; the thrown error lists every bad variable with how to fix it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Settings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = configSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || 'environment'} ${issue.message}`);
  throw new ConfigError(`Hubkeeper cannot start: fix these environment variables:\n${lines.join('\n')}`);
}

export function parseProcessRole(value: string | undefined): ProcessRole {
  const role = value ?? 'all';
  if ((ROLES as readonly string[]).includes(role)) return role as ProcessRole;
  throw new ConfigError(`Unknown process role "${role}". Use one of: ${ROLES.join(', ')}`);
}

/** Settings whose database is known (set, or an embedded one started): what the runtime runs with. */
export function withDatabase(settings: Settings, databaseUrl?: string): Config {
  const url = databaseUrl ?? settings.DATABASE_URL;
  if (!url) throw new ConfigError('Hubkeeper cannot start: DATABASE_URL is missing (set it to a PostgreSQL URL)');
  return { ...settings, DATABASE_URL: url };
}
