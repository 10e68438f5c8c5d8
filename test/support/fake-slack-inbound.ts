import { createHmac, randomBytes } from 'node:crypto';
import type { Ack, FakeSlack } from './fake-slack.js';

/**
 * What Slack sends to the bot, in both transports: signed HTTP requests to the receiver (form bodies for slash
 * commands, payload= for interactivity, JSON for events) or Socket Mode envelopes over the fake's WebSocket.
 */

export interface Who { team: string; user: string; userName?: string }

export function commandPayload(fake: FakeSlack, who: Who, channel: string, command: string, text: string) {
  const ids = fake.interactionIds();
  const payload: Record<string, string> = {
    token: 'deprecated-verification-token', team_id: who.team, team_domain: 'fake', channel_id: channel, channel_name: 'general',
    user_id: who.user, user_name: who.userName ?? who.user.toLowerCase(), command, text, api_app_id: 'AFAKE',
    is_enterprise_install: 'false', response_url: ids.responseUrl, trigger_id: ids.triggerId,
  };
  return { payload, ...ids };
}

export function blockActionPayload(fake: FakeSlack, who: Who, channel: string, actionId: string, opts: { ephemeral?: boolean; messageTs?: string } = {}) {
  const ids = fake.interactionIds();
  const payload = {
    type: 'block_actions', api_app_id: 'AFAKE', token: 'deprecated-verification-token', trigger_id: ids.triggerId,
    team: { id: who.team, domain: 'fake' }, enterprise: null, is_enterprise_install: false,
    user: { id: who.user, username: who.userName ?? who.user.toLowerCase(), name: who.userName ?? who.user.toLowerCase(), team_id: who.team },
    channel: { id: channel, name: 'general' },
    container: { type: 'message', message_ts: opts.messageTs ?? '1700000000.000001', channel_id: channel, is_ephemeral: opts.ephemeral ?? true },
    response_url: ids.responseUrl,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, action_ts: `${Date.now() / 1000}` }],
  };
  return { payload, ...ids };
}

export function viewSubmissionPayload(who: Who, view: { callback_id: string; private_metadata?: string }, value: string) {
  return {
    type: 'view_submission', api_app_id: 'AFAKE', token: 'deprecated-verification-token', trigger_id: `${Date.now()}.x`,
    team: { id: who.team, domain: 'fake' }, enterprise: null, is_enterprise_install: false,
    user: { id: who.user, username: who.user.toLowerCase(), name: who.user.toLowerCase(), team_id: who.team },
    view: {
      id: 'VFAKE', team_id: who.team, type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata ?? '',
      hash: 'h', app_installed_team_id: who.team, blocks: [],
      state: { values: { answer: { text: { type: 'plain_text_input', value } } } },
    },
    response_urls: [],
  };
}

export function reactionEvent(fake: FakeSlack, user: string, reaction: string, channel: string, ts: string, eventId = `Ev${randomBytes(5).toString('hex').toUpperCase()}`) {
  return {
    token: 'deprecated-verification-token', team_id: fake.teamId, api_app_id: 'AFAKE', type: 'event_callback', event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'reaction_added', user, reaction, item_user: fake.botUserId, item: { type: 'message', channel, ts }, event_ts: `${Date.now() / 1000}` },
    authorizations: [{ enterprise_id: null, team_id: fake.teamId, user_id: fake.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** Delivers inbound traffic to the running adapter; every delivery resolves with how (and how fast) it was acknowledged. */
export interface Transport {
  mode: 'http' | 'socket';
  command(payload: Record<string, string>): Promise<Ack>;
  interactive(payload: object): Promise<Ack>;
  event(body: object, retry?: number): Promise<Ack>;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  contentType: string;
  timestamp?: number;
  signature?: string;
  headers?: Record<string, string>;
}

/** POSTs a body to the HTTP receiver, signed like Slack signs it (unless a signature is given). */
export async function signedPost(url: string, secret: string, body: string, o: SignedPostOptions): Promise<Ack> {
  const started = Date.now();
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': o.contentType, 'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': o.signature ?? sign(secret, timestamp, body), ...o.headers,
    },
    body,
    signal: AbortSignal.timeout(5_000),
  });
  const text = await res.text();
  let payload: unknown = text;
  try { payload = text ? JSON.parse(text) : undefined; } catch { /* plain text */ }
  return { status: res.status, payload, ms: Date.now() - started };
}

export function httpTransport(receiverUrl: string, secret: string): Transport {
  const form = 'application/x-www-form-urlencoded';
  return {
    mode: 'http',
    command: (p) => signedPost(receiverUrl, secret, new URLSearchParams(p).toString(), { contentType: form }),
    interactive: (p) => signedPost(receiverUrl, secret, new URLSearchParams({ payload: JSON.stringify(p) }).toString(), { contentType: form }),
    event: (body, retry = 0) => signedPost(receiverUrl, secret, JSON.stringify(body), {
      contentType: 'application/json', headers: retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {},
    }),
  };
}

export function socketTransport(fake: FakeSlack): Transport {
  return {
    mode: 'socket',
    command: (p) => fake.sendEnvelope('slash_commands', p),
    interactive: (p) => fake.sendEnvelope('interactive', p),
    event: (body, retry = 0) => fake.sendEnvelope('events_api', body, retry),
  };
}
