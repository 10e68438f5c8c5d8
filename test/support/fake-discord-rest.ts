/** The REST half of the fake Discord: routes under /api/v10, with Discord's status codes and error bodies. */
import { checkAutocomplete, checkCommands, checkMessage, checkModal, formBodyError, isEmptyMessage, type Problem } from './fake-discord-limits.js';
import { channelObject, messageObject, snowflake, userObject, type FakeAttachment, type FakeChannel, type FakeMessage, type FakeUser } from './fake-discord-payloads.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export class HttpError extends Error {
  constructor(readonly status: number, readonly body: Json) { super(body?.message ?? `HTTP ${status}`); }
}

const fail = (status: number, code: number, message: string) => new HttpError(status, { code, message });
const invalid = (problems: Problem[]) => new HttpError(400, formBodyError(problems));

export interface FakeInteraction {
  id: string;
  token: string;
  type: number;
  payload: Json;
  dispatchedAt: number;
  ack?: { type: number; at: number; data: Json };
  originalId?: string;
  followupIds: string[];
}

/** State the routes work on (owned by FakeDiscord). */
export interface RestState {
  token: string;
  appId: string;
  bot: FakeUser;
  deadlineMs: number;
  followupWindowMs: number;
  messages: Map<string, FakeMessage>;
  interactions: Map<string, FakeInteraction>;
  commands: Map<string, Json[]>;
  channels: Map<string, FakeChannel>;
  users: Map<string, FakeUser>;
  /** Enforced nonces seen per channel ("<channel>|<nonce>" -> message id), as Discord keeps them for a few minutes. */
  nonces: Map<string, string>;
  /** Keep messages without their content (benchmarks: a small heap keeps the fake's own pauses short). */
  lean: boolean;
  gatewayUrl(): string;
  dmChannel(user: FakeUser): FakeChannel;
  /** Dispatches a gateway event to the bot (filtered by its intents). */
  dispatch(t: string, d: Json): void;
}

/** A file part of a multipart request (discord.js sends files[n] next to payload_json). */
export interface UploadedFile { field: string; filename: string; contentType: string; bytes: Buffer }

export interface Route {
  method: string; pattern: string; auth: boolean;
  run(s: RestState, p: Record<string, string>, body: Json, query: URLSearchParams, files: UploadedFile[]): { status: number; body?: Json };
}

/** Discord's upload limit for a bot without boosts. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * The files of a request as attachments: each files[n] part with its entry in the payload's `attachments` (id n,
 * description = alt text). Too large a file gets Discord's 413; an embed pointing at attachment://<name> that
 * was not uploaded gets a 400, where Discord would show a broken image.
 */
function attachmentsOf(body: Json, files: UploadedFile[]): FakeAttachment[] | undefined {
  if (files.length === 0) return undefined;
  const described: Json[] = Array.isArray(body?.attachments) ? body.attachments : [];
  const out = files.map((f) => {
    if (f.bytes.length > MAX_UPLOAD_BYTES) throw fail(413, 40005, 'Request entity too large');
    const index = /^files\[(\d+)\]$/.exec(f.field)?.[1];
    const meta = described.find((a) => String(a?.id) === index) ?? {};
    return { id: snowflake(), filename: meta.filename ?? f.filename, description: meta.description, contentType: f.contentType, bytes: f.bytes };
  });
  return out;
}

function checkAttachmentRefs(body: Json, attachments: FakeAttachment[] | undefined): void {
  const names = new Set((attachments ?? []).map((a) => a.filename));
  (Array.isArray(body?.embeds) ? body.embeds : []).forEach((e: Json, i: number) => {
    const url = e?.image?.url;
    if (typeof url === 'string' && url.startsWith('attachment://') && !names.has(url.slice('attachment://'.length))) {
      throw invalid([{ path: ['embeds', i, 'image', 'url'], code: 'UNKNOWN_ATTACHMENT', message: `No attachment named ${url.slice(13)} in this request` }]);
    }
  });
}

const ok = (body: Json) => ({ status: 200, body });
const noContent = () => ({ status: 204 });

function newMessage(s: RestState, channel: FakeChannel, body: Json, extra: Partial<FakeMessage> = {}): FakeMessage {
  const m: FakeMessage = {
    id: snowflake(), channelId: channel.id, guildId: channel.guildId, content: s.lean ? '' : body.content ?? '', embeds: s.lean ? [] : body.embeds ?? [],
    components: s.lean ? [] : body.components ?? [], flags: (body.flags ?? 0) & (4 | 4096), author: userObject(s.bot), loading: false,
    deleted: false, edits: 0, reactions: new Map(), createdAt: Date.now(), ...extra,
  };
  s.messages.set(m.id, m);
  return m;
}

function applyEdit(m: FakeMessage, body: Json, attachments?: FakeAttachment[]): void {
  if (attachments) m.attachments = attachments;
  if (body.content !== undefined) m.content = body.content ?? '';
  if (body.embeds !== undefined) m.embeds = body.embeds ?? [];
  if (body.components !== undefined) m.components = body.components ?? [];
  m.loading = false;
  m.edits++;
}

function checkCreate(body: Json): void {
  const problems = checkMessage(body);
  if (problems.length) throw invalid(problems);
  if (isEmptyMessage(body)) throw fail(400, 50006, 'Cannot send an empty message');
}

function checkEdit(body: Json): void {
  const problems = checkMessage(body);
  if (problems.length) throw invalid(problems);
}

/** Response types each interaction type accepts (docs: Interaction Response Type). */
const ALLOWED: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };

function interactionCallback(s: RestState, p: Record<string, string>, body: Json, query: URLSearchParams, files: UploadedFile[]) {
  const it = s.interactions.get(p.id!);
  if (!it || it.token !== p.token) throw fail(404, 10062, 'Unknown interaction');
  if (Date.now() - it.dispatchedAt > s.deadlineMs) throw fail(404, 10062, 'Unknown interaction');
  if (it.ack) throw fail(400, 40060, 'Interaction has already been acknowledged.');
  const type = body?.type;
  const data = body?.data ?? {};
  if (!ALLOWED[it.type]?.includes(type)) throw invalid([{ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Interaction response type ${type} is not valid for interaction type ${it.type}` }]);
  const channel = s.channels.get(it.payload.channel_id)!;
  let message: FakeMessage | undefined;
  if (type === 4) {
    const attachments = attachmentsOf(data, files);
    checkAttachmentRefs(data, attachments);
    checkCreate({ ...data, attachments });
    message = newMessage(s, channel, data, { interactionId: it.id, webhookId: s.appId, flags: (data.flags ?? 0) & (64 | 4 | 4096), attachments });
  } else if (type === 5) {
    message = newMessage(s, channel, {}, { interactionId: it.id, webhookId: s.appId, flags: (data.flags ?? 0) & 64, loading: true });
  } else if (type === 7) {
    checkEdit(data);
    const target = s.messages.get(it.payload.message?.id);
    if (target) applyEdit(target, data);
  } else if (type === 8) {
    const problems = checkAutocomplete(data);
    if (problems.length) throw invalid(problems.map((x) => ({ ...x, path: ['data', ...x.path] })));
  } else if (type === 9) {
    const problems = checkModal(data);
    if (problems.length) throw invalid(problems.map((x) => ({ ...x, path: ['data', ...x.path] })));
  }
  it.ack = { type, at: Date.now(), data };
  if (message) it.originalId = message.id;
  if (query.get('with_response') !== 'true') return noContent();
  return ok({
    interaction: { id: it.id, type: it.type, response_message_id: message?.id, response_message_loading: message?.loading ?? false, response_message_ephemeral: Boolean(message && message.flags & 64) },
    resource: { type, ...(message ? { message: messageObject(message, s.appId) } : {}) },
  });
}

function webhookInteraction(s: RestState, p: Record<string, string>): FakeInteraction {
  const it = [...s.interactions.values()].find((i) => i.token === p.token);
  if (!it || p.app !== s.appId || !it.ack) throw fail(404, 10015, 'Unknown Webhook');
  if (Date.now() - it.dispatchedAt > s.followupWindowMs) throw fail(401, 50027, 'Invalid Webhook Token');
  return it;
}

function webhookTarget(s: RestState, it: FakeInteraction, id: string): FakeMessage {
  const original = it.originalId ?? (it.ack && [6, 7].includes(it.ack.type) ? it.payload.message?.id : undefined);
  const mid = id === '@original' ? original : id;
  const m = mid && (mid === original || it.followupIds.includes(mid)) ? s.messages.get(mid) : undefined;
  if (!m || m.deleted) throw fail(404, 10008, 'Unknown Message');
  return m;
}

function followup(s: RestState, p: Record<string, string>, body: Json, files: UploadedFile[]) {
  const it = webhookInteraction(s, p);
  const attachments = attachmentsOf(body, files);
  checkAttachmentRefs(body, attachments);
  checkCreate({ ...body, attachments });
  const original = it.originalId ? s.messages.get(it.originalId) : undefined;
  // Discord: the first follow-up after a deferral edits the "thinking" message and keeps its flags (ephemeral or not).
  if (it.ack?.type === 5 && original?.loading) {
    applyEdit(original, body, attachments);
    return ok(messageObject(original, s.appId));
  }
  const channel = s.channels.get(it.payload.channel_id)!;
  const m = newMessage(s, channel, body, { interactionId: it.id, webhookId: s.appId, flags: (body.flags ?? 0) & (64 | 4 | 4096), attachments });
  it.followupIds.push(m.id);
  return ok(messageObject(m, s.appId));
}

function channelOf(s: RestState, id: string): FakeChannel {
  const c = s.channels.get(id);
  if (!c) throw fail(404, 10003, 'Unknown Channel');
  return c;
}

function botMessage(s: RestState, channelId: string, id: string): FakeMessage {
  channelOf(s, channelId);
  const m = s.messages.get(id);
  if (!m || m.deleted || m.channelId !== channelId || m.flags & 64) throw fail(404, 10008, 'Unknown Message');
  return m;
}

const EMOJI = /^(\p{Regional_Indicator}|\p{Extended_Pictographic})[\p{Emoji_Modifier}\uFE0F\u200D\p{Extended_Pictographic}\p{Regional_Indicator}]*$/u;

function putCommands(s: RestState, p: Record<string, string>, body: Json) {
  if (p.app !== s.appId) throw fail(403, 20012, 'You are not authorized to perform this action on this application');
  const problems = checkCommands(body);
  if (problems.length) throw invalid(problems);
  const scope = p.guild ?? 'global';
  const stored = (body as Json[]).map((c) => ({ ...c, id: snowflake(), application_id: s.appId, version: snowflake(), ...(p.guild ? { guild_id: p.guild } : {}) }));
  s.commands.set(scope, stored);
  return ok(stored);
}

export const ROUTES: Route[] = [
  { method: 'GET', pattern: '/gateway/bot', auth: true, run: (s) => ok({ url: s.gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }) },
  { method: 'GET', pattern: '/applications/@me', auth: true, run: (s) => ok({ id: s.appId, name: 'Daily Gradient', description: '', bot: userObject(s.bot), flags: 0, bot_public: true, bot_require_code_grant: false, verify_key: 'x', team: null }) },
  { method: 'PUT', pattern: '/applications/:app/commands', auth: true, run: putCommands },
  { method: 'PUT', pattern: '/applications/:app/guilds/:guild/commands', auth: true, run: putCommands },
  { method: 'POST', pattern: '/interactions/:id/:token/callback', auth: false, run: interactionCallback },
  { method: 'POST', pattern: '/webhooks/:app/:token', auth: false, run: (s, p, b, _q, files) => followup(s, p, b, files) },
  { method: 'GET', pattern: '/webhooks/:app/:token/messages/:message', auth: false, run: (s, p) => ok(messageObject(webhookTarget(s, webhookInteraction(s, p), p.message!), s.appId)) },
  {
    method: 'PATCH', pattern: '/webhooks/:app/:token/messages/:message', auth: false, run: (s, p, body, _q, files) => {
      const m = webhookTarget(s, webhookInteraction(s, p), p.message!);
      const attachments = attachmentsOf(body, files);
      checkAttachmentRefs(body, attachments ?? m.attachments);
      checkEdit(body);
      applyEdit(m, body, attachments);
      return ok(messageObject(m, s.appId));
    },
  },
  {
    method: 'DELETE', pattern: '/webhooks/:app/:token/messages/:message', auth: false, run: (s, p) => {
      webhookTarget(s, webhookInteraction(s, p), p.message!).deleted = true;
      return noContent();
    },
  },
  { method: 'GET', pattern: '/channels/:channel', auth: true, run: (s, p) => ok(channelObject(channelOf(s, p.channel!))) },
  {
    method: 'POST', pattern: '/channels/:channel/messages', auth: true, run: (s, p, body) => {
      const channel = channelOf(s, p.channel!);
      if (channel.type === 1 && s.users.get(channel.recipientId!)?.dmClosed) throw fail(403, 50007, 'Cannot send messages to this user');
      if (channel.denied) throw fail(403, 50013, 'Missing Permissions');
      checkCreate(body);
      const key = body.enforce_nonce && body.nonce ? `${channel.id}|${body.nonce}` : undefined;
      const earlier = key ? s.messages.get(s.nonces.get(key) ?? '') : undefined;
      if (earlier) return ok(messageObject(earlier, s.appId));
      const m = newMessage(s, channel, body, body.nonce ? { nonce: String(body.nonce) } : {});
      if (key) s.nonces.set(key, m.id);
      return ok(messageObject(m, s.appId));
    },
  },
  {
    method: 'PATCH', pattern: '/channels/:channel/messages/:message', auth: true, run: (s, p, body) => {
      const m = botMessage(s, p.channel!, p.message!);
      checkEdit(body);
      applyEdit(m, body);
      return ok(messageObject(m, s.appId));
    },
  },
  {
    method: 'PUT', pattern: '/channels/:channel/messages/:message/reactions/:emoji/@me', auth: true, run: (s, p) => {
      const m = botMessage(s, p.channel!, p.message!);
      const emoji = p.emoji!;
      if (!EMOJI.test(emoji)) throw fail(400, 10014, 'Unknown Emoji');
      const users = m.reactions.get(emoji) ?? new Set<string>();
      m.reactions.set(emoji, users);
      if (!users.has(s.bot.id)) {
        users.add(s.bot.id);
        s.dispatch('MESSAGE_REACTION_ADD', {
          user_id: s.bot.id, channel_id: m.channelId, message_id: m.id, guild_id: m.guildId, emoji: { id: null, name: emoji },
          member: { user: userObject(s.bot), roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
          burst: false, burst_colors: [], type: 0, message_author_id: s.bot.id,
        });
      }
      return noContent();
    },
  },
  {
    method: 'POST', pattern: '/users/@me/channels', auth: true, run: (s, _p, body) => {
      const user = s.users.get(String(body?.recipient_id));
      if (!user) throw fail(400, 50033, 'Invalid Recipient(s)');
      return ok(channelObject(s.dmChannel(user), user));
    },
  },
];

export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter(Boolean).map((seg) => { try { return decodeURIComponent(seg); } catch { return seg; } });
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const pat = route.pattern.split('/').filter(Boolean);
    if (pat.length !== parts.length) continue;
    const params: Record<string, string> = {};
    if (pat.every((seg, i) => (seg.startsWith(':') ? ((params[seg.slice(1)] = parts[i]!), true) : seg === parts[i]))) return { route, params };
  }
  return undefined;
}
