import { z } from 'zod';
import { checkTimeZone, isValidTimeZone } from './domain/timezone.js';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const port = z.coerce.number<string | undefined>().int().min(1).max(65535);

export const configSchema = z.object({
  REDIS_URL: optionalString.pipe(z.string().regex(/^(rediss?|unix):\/\//, 'must start with redis://, rediss:// or unix://').optional()),
  DATA_DIR: z.string().default('./data'),
  REDIS_SERVER_BIN: z.string().default('redis-server'),
  QUESTIONS_DIR: z.string().default('./questions'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEFAULT_TIMEZONE: z.string().default('UTC').transform((v, ctx) => {
    const zone = checkTimeZone(v);
    if (zone.ok) return zone.zone;
    ctx.addIssue({ code: 'custom', message: isValidTimeZone(v.trim()) ? zone.message : 'must be an IANA time zone such as Europe/Berlin' });
    return z.NEVER;
  }),
  CONSOLE: z.enum(['auto', 'on', 'off']).default('auto'),
  METRICS_PORT: optionalString.pipe(port.optional()),
  SCHEDULE_GRACE_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(180),
  REMINDER_GRACE_MINUTES: z.coerce.number().int().min(5).max(12 * 60).default(60),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(32),
  DELIVERY_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(50).max(600_000).default(2_000),
  DELIVERY_RETRY_MAX_MS: z.coerce.number().int().min(50).max(3_600_000).default(300_000),
  DISCORD_REQUESTS_PER_SECOND: z.coerce.number().min(1).max(50).default(47),
  SLACK_REQUESTS_PER_SECOND: z.coerce.number().min(1).max(100).default(20),
  SLACK_CHANNEL_POSTS_PER_SECOND: z.coerce.number().min(0.1).max(10).default(0.9),
  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: optionalString,
  DISCORD_GUILD_ID: optionalString,
  DISCORD_ADMIN_ROLE: optionalString,
  DISCORD_API_URL: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_PORT: optionalString.pipe(port.optional()),
  SLACK_ADMIN_USERS: list,
  SLACK_API_URL: optionalString,
  WEB_PORT: optionalString.pipe(port.optional()),
  DASHBOARD_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, e.g. https://study.example.com' }).optional()),
  DASHBOARD_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters (e.g. the output of `openssl rand -hex 32`)').optional()),
  DASHBOARD_LINK_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  WEB_RATE_LIMIT: z.coerce.number().int().min(10).max(100_000).default(120),
  WEB_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

export class ConfigError extends Error {}

/** Reads the environment into one frozen, typed Config, or throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SLACK_BOT_TOKEN needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)');
  }
  if (c.WEB_PORT && !c.DASHBOARD_SECRET) {
    throw new ConfigError('Invalid configuration:\n  WEB_PORT needs DASHBOARD_SECRET (at least 32 random characters, e.g. `openssl rand -hex 32`) to sign dashboard links');
  }
  // Without a public address the links point at this machine (the console, a local try-out).
  const given = c.DASHBOARD_URL ? new URL(c.DASHBOARD_URL) : undefined;
  const dashboardUrl = given ? `${given.origin}${given.pathname.replace(/\/+$/, '')}` : c.WEB_PORT ? `http://localhost:${c.WEB_PORT}` : undefined;
  return Object.freeze({ ...c, DASHBOARD_URL: dashboardUrl });
}
