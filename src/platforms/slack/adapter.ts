import type { AddressInfo } from 'node:net';
import { App as BoltApp, SocketModeReceiver, webApi } from '@slack/bolt';
import type { App } from '../../app.js';
import { scrubSecrets } from '../../ops/logger.js';
import type { RunningPlatform } from '../start.js';
import { boltLogger } from './logging.js';
import { registerListeners } from './listeners.js';
import { SlackOutput } from './output.js';
import { SlackPoster } from './poster.js';
import { describe, SlackUsers } from './users.js';

export interface SlackStartOptions {
  /** HTTP mode: listen here instead of SLACK_PORT on all interfaces (tests bind 127.0.0.1:0). */
  listen?: { host: string; port: number };
}

export interface SlackPlatform extends RunningPlatform {
  mode: 'socket' | 'http';
  /** HTTP mode: the port the receiver listens on (POST /slack/events, GET /health). */
  port?: number;
  teamId: string;
}

const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

/**
 * Starts the Bolt app: Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), otherwise HTTP mode
 * (SLACK_SIGNING_SECRET, SLACK_PORT) on POST /slack/events.
 */
export async function startSlack(app: App, opts: SlackStartOptions = {}): Promise<SlackPlatform> {
  const c = app.config;
  const token = c.SLACK_BOT_TOKEN;
  if (!token) throw new Error('SLACK_BOT_TOKEN is not set.');
  const mode = c.SLACK_APP_TOKEN ? 'socket' : 'http';
  if (mode === 'http' && !c.SLACK_SIGNING_SECRET) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode).');
  const log = app.log.child({ platform: 'slack' });
  // response_urls must point at Slack (or at SLACK_API_URL's host when that is set, e.g. a local fake).
  const origins = c.SLACK_API_URL ? [apiOrigin(c.SLACK_API_URL)] : [];
  const logger = boltLogger(log);
  const clientOptions = (): webApi.WebClientOptions => ({
    slackApiUrl: c.SLACK_API_URL, logger, timeout: 10_000,
    retryConfig: { retries: 3, factor: 2, minTimeout: 300, maxTimeout: 3_000 },
  });

  // Check the bot token first, so a bad one fails start-up with a clear message (and we learn our own ids).
  const probe = new webApi.WebClient(token, { ...clientOptions(), retryConfig: { retries: 1 } });
  const auth = await probe.auth.test().catch((err: unknown) => {
    const code = describe(err);
    throw new Error(AUTH_ERRORS.has(code)
      ? `Slack rejected SLACK_BOT_TOKEN (${code}). Use the app's Bot User OAuth Token (xoxb-…) from "OAuth & Permissions".`
      : `Could not reach the Slack Web API to check SLACK_BOT_TOKEN: ${scrubSecrets(code)}`);
  });
  if (!auth.team_id || !auth.user_id) throw new Error('Slack auth.test did not name the workspace or bot user; is SLACK_BOT_TOKEN a bot token (xoxb-…)?');

  // Socket Mode: our own receiver, so /healthz can follow its connection.
  const receiver = mode === 'socket'
    ? new SocketModeReceiver({ appToken: c.SLACK_APP_TOKEN!, logger, installerOptions: { clientOptions: clientOptions() } })
    : undefined;
  let socketConnected = false;
  receiver?.client.on('connected', () => { socketConnected = true; });
  for (const state of ['disconnected', 'reconnecting', 'disconnecting']) receiver?.client.on(state, () => { socketConnected = false; });
  let listening: (() => boolean) | undefined;

  const bolt = new BoltApp({
    token, botUserId: auth.user_id, botId: auth.bot_id ?? auth.user_id, logger, clientOptions: clientOptions(),
    ...(receiver
      ? { socketMode: true, receiver }
      : {
          signingSecret: c.SLACK_SIGNING_SECRET,
          customRoutes: [{ path: '/health', method: ['GET'], handler: (_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); } }],
        }),
  });

  const out = new SlackOutput(bolt.client, app.services.posts, log, origins);
  const users = new SlackUsers(bolt.client, c.SLACK_ADMIN_USERS, log);
  registerListeners(bolt, { app, out, users, botUserId: auth.user_id, log });
  bolt.error(async (err) => { log.error({ err: scrubSecrets(err.message) }, 'slack: unhandled Bolt error'); });

  let port: number | undefined;
  try {
    if (mode === 'socket') {
      await bolt.start();
    } else {
      const listen = opts.listen ?? { port: c.SLACK_PORT ?? 3000 };
      const server = await bolt.start(listen);
      port = (server.address() as AddressInfo).port;
      listening = () => server.listening;
    }
  } catch (err) {
    await bolt.stop().catch(() => undefined);
    const code = describe(err);
    if (mode === 'socket' && AUTH_ERRORS.has(code)) {
      throw new Error(`Slack rejected SLACK_APP_TOKEN (${code}). Use an app-level token (xapp-…) with the connections:write scope.`);
    }
    throw new Error(`Slack ${mode === 'socket' ? 'Socket Mode' : 'HTTP receiver'} failed to start: ${scrubSecrets(code)}`);
  }
  log.info({ mode, team: auth.team_id, port }, 'slack connected');
  return {
    name: 'slack', mode, port, teamId: auth.team_id, messenger: new SlackPoster(token, { teamId: auth.team_id, apiUrl: c.SLACK_API_URL, log }),
    ready: () => (mode === 'socket' ? socketConnected : listening?.() ?? false),
    stop: async () => { await bolt.stop(); },
  };
}

function apiOrigin(url: string): string {
  try { return new URL(url).origin; } catch { throw new Error('SLACK_API_URL must be a URL such as https://slack.com/api/'); }
}
