import { z } from 'zod';
import { checkTimeZone, isValidTimeZone } from './domain/timezone.js';
import { formatTarget, parseHostList } from './store/target.js';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

/** "host:port,host:port" (Cluster seed nodes, Sentinels). */
const hostList = z.string().transform((v, ctx) => {
  try {
    return parseHostList(v, 'the list');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `must be host:port,host:port,… (${(err as Error).message})` });
    return z.NEVER;
  }
});

/** "0,1,2" (Discord shard ids). */
const shardList = z.string().transform((v, ctx) => {
  const ids = v.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (ids.length && ids.every((n) => Number.isInteger(n) && n >= 0)) return [...new Set(ids)];
  ctx.addIssue({ code: 'custom', message: 'must be shard ids such as 0,1,2' });
  return z.NEVER;
});

const port = z.coerce.number<string | undefined>().int().min(1).max(65535);

export const configSchema = z.object({
  REDIS_URL: optionalString.pipe(z.string().regex(/^(rediss?|unix):\/\//, 'must start with redis://, rediss:// or unix:// (a Cluster is REDIS_CLUSTER_NODES, Sentinel REDIS_SENTINELS)').optional()),
  REDIS_CLUSTER_NODES: optionalString.pipe(hostList.optional()),
  REDIS_SENTINELS: optionalString.pipe(hostList.optional()),
  REDIS_SENTINEL_NAME: optionalString,
  REDIS_USERNAME: optionalString,
  REDIS_PASSWORD: optionalString,
  REDIS_TLS: z.enum(['on', 'off']).default('off'),
  REDIS_WAIT_REPLICAS: z.coerce.number().int().min(0).max(10).default(0),
  REDIS_WAIT_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
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
  DISCORD_SHARD_COUNT: optionalString.pipe(z.coerce.number<string | undefined>().int().min(1).max(10_000).optional()),
  DISCORD_SHARDS: optionalString.pipe(shardList.optional()),
  DISCORD_SHARD_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  DISCORD_SHARD_SPAWN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(5_500),
  /** Set by discord.js's ShardingManager (`npm run start:shards`) in each shard process. */
  SHARDS: optionalString,
  SHARD_COUNT: optionalString,
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
  const redisKinds = [c.REDIS_URL && 'REDIS_URL', c.REDIS_CLUSTER_NODES && 'REDIS_CLUSTER_NODES', c.REDIS_SENTINELS && 'REDIS_SENTINELS'].filter(Boolean);
  if (redisKinds.length > 1) throw new ConfigError(`Invalid configuration:\n  ${redisKinds.join(' and ')} are both set: give one way to reach Redis`);
  if (c.REDIS_SENTINELS && !c.REDIS_SENTINEL_NAME) throw new ConfigError('Invalid configuration:\n  REDIS_SENTINELS needs REDIS_SENTINEL_NAME (the master name the sentinels monitor, e.g. mymaster)');
  if (c.REDIS_SENTINEL_NAME && !c.REDIS_SENTINELS) throw new ConfigError('Invalid configuration:\n  REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not');
  discordShards(c); // throws on a shard list that does not fit the count
  if (c.WEB_PORT && !c.DASHBOARD_SECRET) {
    throw new ConfigError('Invalid configuration:\n  WEB_PORT needs DASHBOARD_SECRET (at least 32 random characters, e.g. `openssl rand -hex 32`) to sign dashboard links');
  }
  // Without a public address the links point at this machine (the console, a local try-out).
  const given = c.DASHBOARD_URL ? new URL(c.DASHBOARD_URL) : undefined;
  const dashboardUrl = given ? `${given.origin}${given.pathname.replace(/\/+$/, '')}` : c.WEB_PORT ? `http://localhost:${c.WEB_PORT}` : undefined;
  return Object.freeze({ ...c, DASHBOARD_URL: dashboardUrl });
}

/** Which Discord shards this process runs, of how many; `sharded` when the bot is split over processes. */
export interface DiscordShards { ids: number[]; count: number; sharded: boolean }

/**
 * What discord.js's ShardingManager passes its shard processes (SHARDS, SHARD_COUNT: `npm run start:shards`), or
 * DISCORD_SHARDS / DISCORD_SHARD_COUNT. Without either, one process runs shard 0 of 1 (every guild).
 */
export function discordShards(c: z.infer<typeof configSchema>): DiscordShards {
  let fromManager: number[] | undefined;
  try {
    fromManager = c.SHARDS !== undefined ? ([] as number[]).concat(JSON.parse(c.SHARDS) as number | number[]) : undefined;
  } catch {
    throw new ConfigError(`Invalid configuration:\n  SHARDS: must be a shard id or a JSON list of them, not "${c.SHARDS!.slice(0, 20)}"`);
  }
  // A shard process of the manager runs the one shard it was given, whatever the machine's list says.
  const ids = fromManager ?? c.DISCORD_SHARDS;
  const count = (c.SHARD_COUNT !== undefined ? Number(c.SHARD_COUNT) : undefined) ?? c.DISCORD_SHARD_COUNT;
  if (count === undefined) {
    if (ids && !(ids.length === 1 && ids[0] === 0)) throw new ConfigError('Invalid configuration:\n  DISCORD_SHARDS needs DISCORD_SHARD_COUNT (the total number of shards)');
    return { ids: [0], count: 1, sharded: false };
  }
  const mine = ids ?? Array.from({ length: count }, (_, i) => i);
  const bad = mine.find((id) => id >= count);
  if (bad !== undefined) throw new ConfigError(`Invalid configuration:\n  DISCORD_SHARDS: shard ${bad} does not exist with DISCORD_SHARD_COUNT=${count} (ids are 0 to ${count - 1})`);
  return { ids: mine, count, sharded: count > 1 };
}

/**
 * The connection string (store/target.ts) of the configured Redis: REDIS_URL, the Cluster of REDIS_CLUSTER_NODES or
 * the master REDIS_SENTINELS know as REDIS_SENTINEL_NAME; undefined means the embedded redis-server.
 */
export function redisConnection(c: Config): string | undefined {
  const auth = { username: c.REDIS_USERNAME, password: c.REDIS_PASSWORD };
  if (c.REDIS_CLUSTER_NODES) return formatTarget({ kind: 'cluster', nodes: c.REDIS_CLUSTER_NODES, tls: c.REDIS_TLS === 'on', ...auth });
  if (c.REDIS_SENTINELS) return formatTarget({ kind: 'sentinel', sentinels: c.REDIS_SENTINELS, name: c.REDIS_SENTINEL_NAME!, ...auth });
  return c.REDIS_URL;
}
