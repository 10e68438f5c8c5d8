import { Client, DiscordAPIError, DiscordjsErrorCodes, DiscordjsError, Events, GatewayIntentBits, Partials, REST, RESTEvents, Routes, Status } from 'discord.js';
import { discordShards, type DiscordShards } from '../../config.js';
import type { Logger } from '../../ops/logger.js';
import { GatewayLease } from './gateway-lease.js';
import type { App } from '../../app.js';
import type { RunningPlatform } from '../start.js';
import { handleInteraction } from './interactions.js';
import { DiscordPoster, deliveryRest } from './poster.js';
import { handleReaction } from './reactions.js';
import { createAttachPost, safeError, type DiscordRuntime } from './runtime.js';

/**
 * The only gateway intents the bot needs:
 * - Guilds: the server, channel and role cache (channel posts, the admin role check, reaction events need the channel);
 * - GuildMessageReactions: MESSAGE_REACTION_ADD for answers by reaction.
 * Interactions arrive without any intent, and no privileged intent (members, presences, message content) is used.
 */
export const DISCORD_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions] as const;

export interface DiscordOptions {
  /** Defer an interaction when the work is still running after this long (Discord allows 3 s for the first response). */
  deferAfterMs?: number;
  /** Give up starting when the gateway is not ready after this long. */
  readyTimeoutMs?: number;
}

/** A start-up problem the operator must fix (token, network); its stack is just the message, since frames would not help. */
export class DiscordStartError extends Error {
  override readonly name = 'DiscordStartError';
  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

export async function startDiscord(app: App, opts: DiscordOptions = {}): Promise<RunningPlatform> {
  const token = app.config.DISCORD_TOKEN;
  if (!token) throw new DiscordStartError('DISCORD_TOKEN is not set.');
  const log = app.log.child({ platform: 'discord' });
  const shards = discordShards(app.config);
  let client: Client | undefined;
  const open = async () => { client = await openSession(app, opts, token, shards, log); };
  const close = async () => {
    const c = client;
    client = undefined;
    await c?.destroy();
  };
  const lease = new GatewayLease({ redis: app.redis, token, shards: shards.ids, ttlMs: app.config.DISCORD_SHARD_LEASE_MS, log, onAcquired: open, onLost: close });
  if (await lease.tryTake()) {
    try {
      await open();
    } catch (err) {
      await lease.stop();
      throw err;
    }
  } else {
    // Standing by: the session opens when the holder goes. A wrong token must still stop start-up now.
    await checkToken(token, app.config.DISCORD_API_URL);
  }
  lease.run();

  let stopped = false;
  const connected = () => Boolean(client?.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready));
  return {
    name: 'discord',
    messenger: new DiscordPoster(deliveryRest(token, app.config.DISCORD_API_URL)),
    // A standby process is healthy: it delivers scheduled posts and takes over the gateway when needed.
    ready: () => (lease.held ? connected() : !stopped),
    health: () => (lease.held ? (connected() ? 'ready' : 'not ready') : stopped ? 'not ready' : 'standby'),
    stop: async () => {
      stopped = true;
      await close();
      await lease.stop();
    },
  };
}

/** Logs in with the shards of this process and resolves once the gateway is ready. */
async function openSession(app: App, opts: DiscordOptions, token: string, shards: DiscordShards, log: Logger): Promise<Client> {
  const client = new Client({
    intents: [...DISCORD_INTENTS],
    // Reactions on messages sent before a restart are not cached; partials still deliver them.
    partials: [Partials.Message, Partials.Reaction, Partials.User],
    allowedMentions: { parse: [] },
    rest: app.config.DISCORD_API_URL ? { api: app.config.DISCORD_API_URL } : {},
    ...(shards.sharded ? { shards: shards.ids, shardCount: shards.count } : {}),
  });

  const rt: DiscordRuntime = {
    app,
    log,
    client: client as Client<true>,
    adminRoleId: app.config.DISCORD_ADMIN_ROLE,
    deferAfterMs: opts.deferAfterMs ?? 1500,
    attachPost: createAttachPost(app, log, client),
  };

  client.on(Events.InteractionCreate, (i) => void handleInteraction(rt, i));
  client.on(Events.MessageReactionAdd, (reaction, user) => {
    handleReaction(rt, reaction, user).catch((err: unknown) => log.error({ err: safeError(err) }, 'discord: reaction handling failed'));
  });
  client.on(Events.Error, (err) => log.error({ err: safeError(err) }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord warning'));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ code: event.code, shard }, 'discord gateway disconnected'));
  client.on(Events.ShardReconnecting, (shard) => log.info({ shard }, 'discord gateway reconnecting'));
  // Routes of interaction webhooks carry tokens, so only the shape of a rate limit is logged.
  client.rest.on(RESTEvents.RateLimited, (r) => log.warn({ method: r.method, global: r.global, limit: r.limit, retryAfterMs: r.retryAfter }, 'discord rate limit hit'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DiscordStartError('Discord did not become ready in time: is the gateway reachable?')), opts.readyTimeoutMs ?? 60_000);
  });
  const login = client.login(token).then(() => ready);
  login.catch(() => undefined); // if the timeout wins, a later rejection is expected and already handled below
  try {
    await Promise.race([login, tooSlow]);
  } catch (err) {
    await client.destroy().catch(() => undefined);
    throw explainLoginError(err);
  } finally {
    clearTimeout(timer);
  }

  const appId = client.application?.id;
  if (app.config.DISCORD_APP_ID && appId && appId !== app.config.DISCORD_APP_ID) {
    log.warn({ configured: app.config.DISCORD_APP_ID, actual: appId }, 'DISCORD_APP_ID does not match the application of DISCORD_TOKEN; `npm run register` would register commands for another application');
  }
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size, shards: shards.ids, shardCount: shards.count }, 'discord connected');
  return client;
}

/** Checks the token with one REST call (a standby process opens no gateway session at start). */
async function checkToken(token: string, api: string | undefined): Promise<void> {
  try {
    await new REST(api ? { api } : {}).setToken(token).get(Routes.gatewayBot());
  } catch (err) {
    throw err instanceof DiscordAPIError && err.status === 401 ? invalidToken() : explainLoginError(err);
  }
}

function invalidToken(): DiscordStartError {
  return new DiscordStartError(
    'Discord rejected DISCORD_TOKEN (401 Unauthorized): the bot token is wrong or was reset. '
    + 'Copy it again from https://discord.com/developers/applications → your application → Bot → Reset Token.',
  );
}

function explainLoginError(err: unknown): Error {
  const invalid = (err instanceof DiscordjsError && err.code === DiscordjsErrorCodes.TokenInvalid)
    || (err instanceof Error && /Authentication failed/i.test(err.message));
  if (invalid) return invalidToken();
  if (err instanceof DiscordStartError) return err;
  const { message } = safeError(err);
  return new DiscordStartError(`Could not connect to Discord: ${String(message)}`);
}
