/**
 * A local fake Discord for end-to-end tests with the real discord.js Client: REST under /api/v10
 * (point the client's `rest.api` at `apiUrl`) and a WebSocket gateway (from GET /gateway/bot) that
 * speaks HELLO, heartbeat ACK, IDENTIFY -> READY, GUILD_CREATE and dispatches interactions and reactions.
 * Every REST request is recorded; payloads over Discord's documented limits get Discord's 400.
 * Loopback only; nothing leaves the machine.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { matchRoute, HttpError, type FakeInteraction, type RestState, type UploadedFile } from './fake-discord-rest.js';
import { channelObject, guildCreate, PERMISSIONS, shardOf, snowflake, snowflakeOnShard, userObject, type FakeChannel, type FakeGuild, type FakeMessage, type FakeUser } from './fake-discord-payloads.js';
import { FakeDiscordActions } from './fake-discord-actions.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export type { FakeInteraction } from './fake-discord-rest.js';
export type { FakeUser, FakeGuild, FakeChannel, FakeMessage } from './fake-discord-payloads.js';
export { PERMISSIONS } from './fake-discord-payloads.js';

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path after /api/v10, e.g. /interactions/123/abc/callback */
  path: string;
  /** The matched route pattern, e.g. /interactions/:id/:token/callback */
  route: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Json;
  status: number;
  response: Json;
  authorized: boolean;
  at: number;
  /** Content type of the request body (multipart/form-data when files were sent). */
  contentType: string;
  /** Files of a multipart request. */
  files: UploadedFile[];
}

export interface FakeDiscordOptions {
  /** How long after dispatch an interaction may get its first response (Discord: 3 s). */
  interactionDeadlineMs?: number;
  heartbeatIntervalMs?: number;
  /** Like Discord's global limit: bot requests beyond this many in any second get 429 with retry_after. */
  globalLimitPerSecond?: number;
  /** Keep every request in `requests` and message contents (the benchmark turns this off and reads the counters). */
  record?: boolean;
  /** Shards GET /gateway/bot recommends (1). Sessions get the events of their shard's guilds, like Discord's. */
  shards?: number;
}

/** A multipart body as Discord reads it: the JSON in `payload_json`, every other part a file. */
async function parseMultipart(raw: Buffer, contentType: string): Promise<{ body: Json; files: UploadedFile[] }> {
  try {
    const form = await new Request('http://fake.local/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
    let body: Json;
    const files: UploadedFile[] = [];
    for (const [field, value] of form) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, filename: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body, files };
  } catch {
    return { body: '<invalid multipart>', files: [] };
  }
}

/** Gateway intents, for filtering dispatches like Discord does. */
const INTENT_OF: Record<string, number> = { GUILD_CREATE: 1 << 0, CHANNEL_CREATE: 1 << 0, MESSAGE_REACTION_ADD: 1 << 10 };
const PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15);

export class FakeDiscord extends FakeDiscordActions implements RestState {
  readonly token = `fake.${randomBytes(18).toString('base64url')}.${randomBytes(20).toString('base64url')}`;
  readonly appId = snowflake();
  readonly bot: FakeUser = { id: this.appId, username: 'Daily Gradient', globalName: 'Daily Gradient', bot: true, permissions: PERMISSIONS.member, roles: [] };
  readonly requests: RecordedRequest[] = [];
  /** IDENTIFY payloads received (token replaced by a flag saying whether it was right). */
  readonly identifies: Json[] = [];
  heartbeatAcks = 0;
  readonly messages = new Map<string, FakeMessage>();
  readonly interactions = new Map<string, FakeInteraction>();
  readonly commands = new Map<string, Json[]>();
  readonly channels = new Map<string, FakeChannel>();
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, FakeGuild>();
  readonly nonces = new Map<string, string>();
  get lean(): boolean { return this.opts.record === false; }
  get recommendedShards(): number { return this.opts.shards ?? 1; }
  /** 429s sent for the global limit. */
  rateLimited = 0;
  /** Bot requests answered (any status). */
  served = 0;
  private readonly window: number[] = [];
  private readonly holds: string[] = [];
  private readonly held: ServerResponse[] = [];
  readonly deadlineMs: number;
  readonly followupWindowMs = 15 * 60_000;
  private readonly dms = new Map<string, FakeChannel>();
  private readonly sockets = new Map<WebSocket, { ready: boolean; intents: number; shard: [number, number] }>();
  /** The most gateway sessions each shard ("id/count") had open at once. */
  readonly peakSessions = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private readonly failures: { route: string; status: number; body: Json }[] = [];
  private seq = 0;
  private requestSeq = 0;
  private port = 0;
  private readonly server: Server;
  private readonly wss: WebSocketServer;

  private constructor(private readonly opts: FakeDiscordOptions) {
    super();
    this.deadlineMs = opts.interactionDeadlineMs ?? 3000;
    this.users.set(this.bot.id, this.bot);
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/gateway' });
    this.wss.on('connection', (ws, req) => this.onSocket(ws, req));
  }

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(opts);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** For the client's `rest.api` option / DISCORD_API_URL. */
  get apiUrl(): string { return `http://127.0.0.1:${this.port}/api`; }
  gatewayUrl(): string { return `ws://127.0.0.1:${this.port}/gateway`; }

  async stop(): Promise<void> {
    this.releaseHeld();
    for (const ws of this.sockets.keys()) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * A new guild with one text channel (and optional roles); announced with GUILD_CREATE if the bot is connected.
   * `shard: [id, count]` picks an id that Discord routes to that shard.
   */
  addGuild(opts: { roles?: { id?: string; name: string; permissions?: bigint }[]; shard?: [number, number] } = {}): FakeGuild {
    const id = opts.shard ? snowflakeOnShard(...opts.shard) : snowflake();
    const channel: FakeChannel = { id: snowflake(), name: 'study', guildId: id, type: 0 };
    const roles = [{ id, name: '@everyone', permissions: PERMISSIONS.member }, ...(opts.roles ?? []).map((r) => ({ id: r.id ?? snowflake(), name: r.name, permissions: r.permissions ?? 0n }))];
    const guild: FakeGuild = { id, name: `Test ${id.slice(-4)}`, channels: [channel], roles, channel };
    this.guilds.set(id, guild);
    this.channels.set(channel.id, channel);
    this.dispatch('GUILD_CREATE', guildCreate(guild, this.bot));
    return guild;
  }

  addUser(name: string, opts: { permissions?: bigint; roles?: string[]; dmClosed?: boolean } = {}): FakeUser {
    const u: FakeUser = { id: snowflake(), username: name, globalName: name[0]!.toUpperCase() + name.slice(1), permissions: opts.permissions ?? PERMISSIONS.member, roles: opts.roles ?? [], dmClosed: opts.dmClosed };
    this.users.set(u.id, u);
    return u;
  }

  dmChannel(user: FakeUser): FakeChannel {
    let c = this.dms.get(user.id);
    if (!c) {
      c = { id: snowflake(), name: '', type: 1, recipientId: user.id };
      this.dms.set(user.id, c);
      this.channels.set(c.id, c);
    }
    return c;
  }

  /** Messages the bot sent to a user by DM. */
  dmsTo(user: FakeUser): FakeMessage[] {
    const c = this.dms.get(user.id);
    return c ? [...this.messages.values()].filter((m) => m.channelId === c.id) : [];
  }

  /**
   * The next request to `route` is carried out (a message is created) but its response is held back, as when the
   * connection dies right after Discord accepted: the caller never learns the outcome.
   */
  holdNext(route: string): void {
    this.holds.push(route);
  }

  /** Drops held responses (their callers see the connection end). */
  releaseHeld(): void {
    for (const res of this.held.splice(0)) res.destroy();
  }

  /** Another text channel in a guild (denied: the bot may not post there); announced with CHANNEL_CREATE like Discord does. */
  addChannel(guild: FakeGuild, opts: { name?: string; denied?: boolean } = {}): FakeChannel {
    const channel: FakeChannel = { id: snowflake(), name: opts.name ?? 'more', guildId: guild.id, type: 0, denied: opts.denied };
    guild.channels.push(channel);
    this.channels.set(channel.id, channel);
    this.dispatch('CHANNEL_CREATE', channelObject(channel));
    return channel;
  }

  /** Bot messages in a channel (not interaction responses), oldest first. */
  channelMessages(channelId: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && !m.interactionId);
  }

  /** Makes the next request to `route` (a pattern such as /interactions/:id/:token/callback) fail like Discord would. */
  failNext(route: string, status = 400, body: Json = { code: 50035, message: 'Invalid Form Body', errors: {} }): void {
    this.failures.push({ route, status, body });
  }

  /** Sends an event to every session of the shard its guild is on (events outside a guild go to shard 0). */
  dispatch(t: string, d: Json): void {
    const guildId: string | undefined = t === 'GUILD_CREATE' ? d.id : d.guild_id;
    for (const [ws, s] of this.sockets) {
      if (!s.ready) continue;
      if ((guildId ? shardOf(guildId, s.shard[1]) : 0) !== s.shard[0]) continue;
      const intent = INTENT_OF[t];
      if (intent !== undefined && (s.intents & intent) === 0) continue;
      ws.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
    }
  }

  /** Resolves with the first recorded request matching `pred` (already recorded or yet to come). */
  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs = 5000, what = 'a request'): Promise<RecordedRequest> {
    return this.until(() => this.requests.find(pred), timeoutMs, what);
  }

  /** Resolves when `probe` returns a value; re-checked after every request and gateway message. */
  until<T>(probe: () => T | undefined | false, timeoutMs = 5000, what = 'a condition'): Promise<T> {
    const first = probe();
    if (first) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (!v) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(v);
      };
      const timer = setTimeout(() => { this.waiters.delete(check); reject(new Error(`fake Discord: timed out waiting for ${what}`)); }, timeoutMs);
      this.waiters.add(check);
    });
  }

  protected changed(): void {
    for (const w of [...this.waiters]) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/api\/v10(?=\/)/, '');
    const contentType = String(req.headers['content-type'] ?? '');
    let body: Json;
    let files: UploadedFile[] = [];
    if (contentType.startsWith('multipart/form-data')) ({ body, files } = await parseMultipart(Buffer.concat(chunks), contentType));
    else {
      try { body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined; } catch { body = '<invalid json>'; }
    }
    const authorized = req.headers.authorization === `Bot ${this.token}`;
    const found = url.pathname.startsWith('/api/v10/') ? matchRoute(req.method ?? 'GET', path) : undefined;
    let status: number;
    let response: Json;
    const failure = found && this.failures.findIndex((f) => f.route === found.route.pattern);
    const limitedFor = found?.route.auth && authorized ? this.globalLimit(arrived) : 0;
    if (!found) [status, response] = [404, { message: '404: Not Found', code: 0 }];
    else if (found.route.auth && !authorized) [status, response] = [401, { message: '401: Unauthorized', code: 0 }];
    else if (limitedFor > 0) [status, response] = [429, { message: 'You are being rate limited.', retry_after: limitedFor / 1000, global: true }];
    else if (failure !== undefined && failure >= 0) ({ status, body: response } = this.failures.splice(failure, 1)[0]!);
    else {
      try {
        ({ status, body: response } = found.route.run(this, found.params, body, url.searchParams, files));
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        [status, response] = [err.status, err.body];
      }
    }
    this.served++;
    if (status === 429) this.rateLimited++;
    if (this.opts.record !== false) {
      this.requests.push({
        seq: ++this.requestSeq, method: req.method ?? 'GET', path, route: found?.route.pattern ?? path, params: found?.params ?? {},
        query: Object.fromEntries(url.searchParams), body, status, response, authorized, at: Date.now(), contentType, files,
      });
    }
    const hold = found ? this.holds.indexOf(found.route.pattern) : -1;
    if (hold >= 0 && status < 300) {
      this.holds.splice(hold, 1);
      this.held.push(res);
      this.changed();
      return;
    }
    const headers: Record<string, string> = status === 204 ? {} : { 'content-type': 'application/json' };
    if (status === 429) Object.assign(headers, { 'retry-after': String(Math.ceil(limitedFor / 1000)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' });
    res.writeHead(status, headers);
    res.end(status === 204 ? undefined : JSON.stringify(response));
    this.changed();
  }

  /** 0 if this request fits in the global limit (and counts it), else how long until it would (ms). */
  private globalLimit(now: number): number {
    const limit = this.opts.globalLimitPerSecond;
    if (!limit) return 0;
    while (this.window.length && this.window[0]! <= now - 1000) this.window.shift();
    if (this.window.length < limit) {
      this.window.push(now);
      return 0;
    }
    return this.window[0]! + 1000 - now;
  }

  private onSocket(ws: WebSocket, req: IncomingMessage): void {
    const q = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    if (q.get('v') !== '10') { ws.close(4012, 'Invalid API version'); return; }
    if (q.get('encoding') !== 'json') { ws.close(4002, 'Decode error'); return; }
    this.sockets.set(ws, { ready: false, intents: 0, shard: [0, 1] });
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (raw) => this.onGatewayMessage(ws, raw.toString()));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs ?? 1000 } }));
  }

  private onGatewayMessage(ws: WebSocket, raw: string): void {
    let msg: Json;
    try { msg = JSON.parse(raw); } catch { ws.close(4002, 'Decode error'); return; }
    const state = this.sockets.get(ws)!;
    switch (msg.op) {
      case 1:
        this.heartbeatAcks++;
        ws.send(JSON.stringify({ op: 11 }));
        break;
      case 2: {
        const d = msg.d ?? {};
        this.identifies.push({ ...d, token: d.token === this.token ? '<valid>' : '<invalid>' });
        if (d.token !== this.token) { ws.close(4004, 'Authentication failed.'); return; }
        if (typeof d.intents !== 'number') { ws.close(4013, 'Invalid intent(s).'); return; }
        if (d.intents & PRIVILEGED) { ws.close(4014, 'Disallowed intent(s).'); return; }
        if (d.compress) { ws.close(4002, 'Decode error'); return; } // this fake speaks plain JSON only
        state.intents = d.intents;
        state.ready = true;
        state.shard = Array.isArray(d.shard) ? [d.shard[0], d.shard[1]] : [0, 1];
        const name = state.shard.join('/');
        const open = [...this.sockets.values()].filter((x) => x.ready && x.shard.join('/') === name).length;
        this.peakSessions.set(name, Math.max(open, this.peakSessions.get(name) ?? 0));
        const guilds = [...this.guilds.values()].filter((g) => shardOf(g.id, state.shard[1]) === state.shard[0]);
        this.send(ws, 'READY', {
          v: 10, user: { ...userObject(this.bot), verified: true, mfa_enabled: false, flags: 0 }, guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: randomBytes(16).toString('hex'), resume_gateway_url: this.gatewayUrl(), shard: d.shard ?? [0, 1],
          application: { id: this.appId, flags: 0 }, private_channels: [], presences: [], relationships: [], guild_join_requests: [], user_settings: {},
        });
        if (state.intents & INTENT_OF.GUILD_CREATE!) for (const g of guilds) this.send(ws, 'GUILD_CREATE', guildCreate(g, this.bot));
        break;
      }
      case 6: // RESUME: sessions are not kept, so ask for a fresh IDENTIFY like Discord does for stale sessions.
        ws.send(JSON.stringify({ op: 9, d: false }));
        break;
      default:
        break;
    }
    this.changed();
  }

  private send(ws: WebSocket, t: string, d: Json): void {
    ws.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
  }

  /** Number of gateway connections that completed IDENTIFY. */
  get connectedClients(): number {
    return [...this.sockets.values()].filter((s) => s.ready).length;
  }
}
