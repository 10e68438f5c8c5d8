import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { blockKitProblems, modalProblems } from './fake-slack-blocks.js';

/**
 * A local fake of the parts of Slack the bot talks to, on 127.0.0.1 only:
 * - the Web API (POST /api/<method>, pointed to by clientOptions.slackApiUrl), recording every call;
 * - response_urls (POST /respond/<id>), recorded like API calls under the method "response_url";
 * - Socket Mode: apps.connections.open returns ws://127.0.0.1:<port>/socket, which says hello, sends envelopes
 *   and checks that each is acknowledged within Slack's 3 seconds.
 */

export interface FakeUser {
  id: string;
  name: string;
  displayName?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  /** Delay users.info for this user (to prove acks do not wait for work). */
  delayMs?: number;
}

export interface Call {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  /** For method "response_url": which response URL was used. */
  responseId?: string;
  at: number;
}

export interface Ack {
  /** HTTP status (HTTP mode) ... */
  status?: number;
  /** ...or the Socket Mode ack payload / HTTP response body. */
  payload?: unknown;
  ms: number;
}

const ACK_DEADLINE_MS = 3_000;

export interface FakeSlackOptions {
  /** Like Slack's special limit on chat.postMessage: more posts than this in one channel within a second get HTTP 429. */
  channelPostsPerSecond?: number;
  /** Keep every call in `calls` (the benchmark turns this off and reads the counters). */
  record?: boolean;
}

/** A file uploaded through files.getUploadURLExternal, the upload URL and files.completeUploadExternal. */
export interface FakeFile {
  id: string;
  filename: string;
  /** The length announced by getUploadURLExternal, and the bytes that arrived at the upload URL. */
  length: number;
  altText?: string;
  bytes?: Buffer;
  /** Set by files.completeUploadExternal: where it was shared, with which comment. */
  completed?: { channel?: string; title?: string; initialComment?: string };
}

/** Slack's own limit for one file (1 GB); images here are far smaller. */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;

export class FakeSlack {
  readonly calls: Call[] = [];
  /** Files by id, in the order getUploadURLExternal handed them out. */
  readonly files = new Map<string, FakeFile>();
  /** Block Kit limit violations seen in any message or modal (Slack would have refused them). */
  readonly problems: string[] = [];
  readonly users = new Map<string, FakeUser>();
  /** Channels where chat.postMessage answers not_in_channel. */
  readonly notInChannel = new Set<string>();
  /** Users whose direct messages Slack refuses, with its error code (messages_tab_disabled, user_disabled, ...). */
  readonly dmRefusals = new Map<string, string>();
  readonly teamId = `T${randomBytes(5).toString('hex').toUpperCase()}`;
  readonly botUserId = 'UBOTSELF1';
  readonly botToken = `xoxb-${randomBytes(8).toString('hex')}-fake`;
  readonly appToken = `xapp-1-${randomBytes(8).toString('hex')}-fake`;
  readonly signingSecret = randomBytes(16).toString('hex');
  private readonly triggers = new Set<string>();
  private socket?: WebSocket;
  private socketWaiters: (() => void)[] = [];
  private readonly pendingAcks = new Map<string, { started: number; resolve: (a: Ack) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private ts = 1_700_000_000;
  private seq = 0;
  /** chat.postMessage calls answered 429 for the per-channel limit. */
  rateLimited = 0;
  /** Accepted channel posts: channel -> each post's ts and arrival time, in order. */
  readonly posted = new Map<string, { ts: string; at: number }[]>();
  private readonly recent = new Map<string, number[]>();

  private constructor(private readonly server: Server, private readonly wss: WebSocketServer, private readonly opts: FakeSlackOptions) {}

  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    const server = createServer();
    const wss = new WebSocketServer({ server, path: '/socket' });
    const fake = new FakeSlack(server, wss, opts);
    server.on('request', (req, res) => void fake.handle(req, res));
    wss.on('connection', (ws) => fake.onSocket(ws));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  addUser(u: FakeUser): void {
    this.users.set(u.id, u);
  }

  /** The id of the app's direct-message conversation with a user ("U…" -> "D…"). */
  dmChannel(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  /** A fresh response_url and trigger_id, as Slack attaches to every command and interaction. */
  interactionIds(): { responseUrl: string; triggerId: string; responseId: string } {
    const responseId = `r${++this.seq}`;
    const triggerId = `${this.seq}.${randomBytes(4).toString('hex')}`;
    this.triggers.add(triggerId);
    return { responseUrl: `${this.origin}/respond/${responseId}`, triggerId, responseId };
  }

  /** Calls (API and response_url) made after `mark` (an index into calls). */
  since(mark: number, method?: string): Call[] {
    return this.calls.slice(mark).filter((c) => !method || c.method === method);
  }

  async waitFor<T>(probe: () => T | undefined | false, what = 'a Slack call', timeoutMs = 3_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  // ---- Socket Mode ----

  async waitForSocket(timeoutMs = 3_000): Promise<void> {
    if (this.socket) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no Socket Mode connection')), timeoutMs);
      this.socketWaiters.push(() => { clearTimeout(timer); resolve(); });
    });
  }

  /** Sends an envelope and resolves with its ack; rejects if none arrives within 3 s. */
  sendEnvelope(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown, retry = 0): Promise<Ack> {
    const ws = this.socket;
    if (!ws) return Promise.reject(new Error('no Socket Mode connection'));
    const envelopeId = randomBytes(8).toString('hex');
    return new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingAcks.delete(envelopeId);
        reject(new Error(`envelope ${type} was not acknowledged within ${ACK_DEADLINE_MS} ms`));
      }, ACK_DEADLINE_MS);
      this.pendingAcks.set(envelopeId, { started: Date.now(), resolve, reject, timer });
      ws.send(JSON.stringify({
        envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api',
        ...(type === 'events_api' ? { retry_attempt: retry, retry_reason: retry ? 'timeout' : '' } : {}),
      }));
    });
  }

  private onSocket(ws: WebSocket): void {
    this.socket = ws;
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack' }, connection_info: { app_id: 'AFAKE' } }));
    ws.on('message', (data) => {
      let msg: { envelope_id?: string; payload?: unknown };
      try { msg = JSON.parse(String(data)) as typeof msg; } catch { return; }
      const pending = msg.envelope_id ? this.pendingAcks.get(msg.envelope_id) : undefined;
      if (!pending) return;
      clearTimeout(pending.timer);
      this.pendingAcks.delete(msg.envelope_id!);
      pending.resolve({ payload: msg.payload, ms: Date.now() - pending.started });
    });
    ws.on('close', () => { if (this.socket === ws) this.socket = undefined; });
    for (const w of this.socketWaiters.splice(0)) w();
  }

  // ---- Web API and response_urls ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);
    const uploadMatch = /^\/upload\/(F[A-Z0-9]+)$/.exec(url.pathname);
    if (req.method === 'POST' && uploadMatch) {
      const status = await this.receiveUpload(uploadMatch[1]!, bytes, String(req.headers['content-type'] ?? ''));
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? `OK - ${bytes.length}` : 'upload refused');
      return;
    }
    const respondMatch = /^\/respond\/(r\d+)$/.exec(url.pathname);
    if (req.method === 'POST' && respondMatch) {
      let body: Record<string, unknown> = {};
      try { body = JSON.parse(raw) as Record<string, unknown>; } catch { /* recorded as empty */ }
      this.calls.push({ method: 'response_url', args: body, responseId: respondMatch[1], at: Date.now() });
      const problems = blockKitProblems(body.blocks);
      if (problems.length) this.problems.push(...problems);
      res.writeHead(problems.length ? 400 : 200, { 'content-type': 'text/plain' }).end(problems.length ? 'invalid_blocks' : 'ok');
      return;
    }
    const apiMatch = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !apiMatch) {
      res.writeHead(404).end();
      return;
    }
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? (typeof args.token === 'string' ? args.token : undefined);
    const method = apiMatch[1]!;
    if (this.opts.record !== false) this.calls.push({ method, args, token, at: Date.now() });
    if (method === 'chat.postMessage' && token === this.botToken && this.channelLimited(String(args.channel), arrived)) {
      this.rateLimited++;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const result = await this.api(method, args, token);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  }

  private async api(method: string, args: Record<string, unknown>, token?: string): Promise<Record<string, unknown>> {
    if (method === 'apps.connections.open') {
      return token === this.appToken ? { ok: true, url: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/socket?ticket=${++this.seq}` } : { ok: false, error: 'invalid_auth' };
    }
    if (token !== this.botToken) return { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    const problems = method.startsWith('chat.') ? blockKitProblems(args.blocks) : method === 'views.open' ? modalProblems(args.view) : [];
    if (problems.length) {
      this.problems.push(...problems);
      return { ok: false, error: method === 'views.open' ? 'invalid_arguments' : 'invalid_blocks', response_metadata: { messages: problems } };
    }
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake Team', user: 'daily-gradient', team_id: this.teamId, user_id: this.botUserId, bot_id: 'BFAKEBOT1' };
      case 'chat.postMessage': {
        // A user id as the channel posts in the app's direct messages with that user, which Slack answers with.
        const asked = String(args.channel);
        const channel = /^[UW][A-Z0-9]+$/.test(asked) ? this.dmChannel(asked) : asked;
        const refused = this.dmRefusals.get(asked);
        if (refused) return { ok: false, error: refused };
        if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
        const ts = `${++this.ts}.000100`;
        this.posted.set(channel, [...(this.posted.get(channel) ?? []), { ts, at: Date.now() }]);
        return { ok: true, channel, ts, message: { text: args.text, blocks: args.blocks } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${++this.ts}.000200` };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'reactions.add':
        return { ok: true };
      case 'conversations.open': {
        const user = String(args.users ?? '');
        if (!/^[UW][A-Z0-9]+$/.test(user)) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: `D${user.slice(1)}` } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        const filename = typeof args.filename === 'string' ? args.filename : '';
        if (!filename || !Number.isInteger(length) || length < 1) return { ok: false, error: 'invalid_arguments' };
        if (length > MAX_FILE_BYTES) return { ok: false, error: 'file_too_large' };
        const id = `F${String(++this.seq).padStart(8, '0')}`;
        this.files.set(id, { id, filename, length, altText: typeof args.alt_text === 'string' ? args.alt_text : typeof args.alt_txt === 'string' ? args.alt_txt : undefined });
        return { ok: true, upload_url: `${this.origin}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
        const files = list.map((f) => this.files.get(String(f.id)));
        if (files.length === 0 || files.some((f) => !f?.bytes)) return { ok: false, error: 'file_not_found' };
        const channel = typeof args.channel_id === 'string' ? args.channel_id : undefined;
        if (channel && this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
        files.forEach((f, i) => {
          f!.completed = { channel, title: list[i]!.title, initialComment: typeof args.initial_comment === 'string' ? args.initial_comment : undefined };
        });
        return { ok: true, files: files.map((f) => ({ id: f!.id, name: f!.filename, title: f!.completed!.title, size: f!.bytes!.length })) };
      }
      case 'views.open': {
        const trigger = String(args.trigger_id);
        if (!this.triggers.delete(trigger)) return { ok: false, error: 'invalid_trigger_id' };
        return { ok: true, view: { id: `V${++this.seq}`, ...(args.view as object) } };
      }
      case 'users.info': {
        const u = this.users.get(String(args.user));
        if (!u) return { ok: false, error: 'user_not_found' };
        if (u.delayMs) await new Promise((r) => setTimeout(r, u.delayMs));
        return {
          ok: true,
          user: { id: u.id, team_id: this.teamId, name: u.name, real_name: u.name, is_admin: Boolean(u.isAdmin), is_owner: Boolean(u.isOwner), profile: { display_name: u.displayName ?? '', real_name: u.name } },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** The bytes for an upload URL: raw, or the one file part of a multipart body (as the Node SDK sends it). */
  private async receiveUpload(id: string, bytes: Buffer, contentType: string): Promise<number> {
    const file = this.files.get(id);
    if (!file || file.bytes) return 404;
    let data = bytes;
    if (contentType.startsWith('multipart/form-data')) {
      try {
        const form = await new Request('http://fake.local/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(bytes) }).formData();
        const part = [...form.values()].find((v): v is File => typeof v !== 'string');
        if (!part) return 400;
        data = Buffer.from(await part.arrayBuffer());
      } catch {
        return 400;
      }
    }
    if (data.length !== file.length) return 400;
    file.bytes = data;
    this.calls.push({ method: 'upload', args: { file_id: id, bytes: data.length }, at: Date.now() });
    return 200;
  }

  /** Files shared with files.completeUploadExternal, oldest first. */
  completedFiles(): FakeFile[] {
    return [...this.files.values()].filter((f) => f.completed);
  }

  /** True (and not counted) when this channel already had its posts for the last second. */
  private channelLimited(channel: string, now: number): boolean {
    const limit = this.opts.channelPostsPerSecond;
    if (!limit) return false;
    const times = (this.recent.get(channel) ?? []).filter((t) => t > now - 1000);
    if (times.length >= limit) { this.recent.set(channel, times); return true; }
    times.push(now);
    this.recent.set(channel, times);
    return false;
  }

  async close(): Promise<void> {
    for (const p of this.pendingAcks.values()) { clearTimeout(p.timer); p.reject(new Error('fake closed')); }
    this.pendingAcks.clear();
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Web API bodies are form-encoded with nested values (blocks, view) as JSON strings; some clients send JSON. */
function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) {
    try { return JSON.parse(raw) as Record<string, unknown>; } catch { return {}; }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(v)) {
      try { out[k] = JSON.parse(v); continue; } catch { /* keep the string */ }
    }
    out[k] = v;
  }
  return out;
}
