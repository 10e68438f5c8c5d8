import type { App as BoltApp, BlockAction, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { actionIds, CHOICE_EMOJI, SELF_EMOJI, SELF_LEVELS } from '../../core/action-ids.js';
import type { Invocation } from '../../core/command.js';
import type { App } from '../../app.js';
import type { Logger } from '../../ops/logger.js';
import { communityKeys } from '../../store/keys.js';
import type { FormMetadata, SlackOutput, Target } from './output.js';
import { MODAL_BLOCK, MODAL_INPUT, sharedEmoji } from './render.js';
import { describe, type SlackUsers } from './users.js';

export interface ListenerDeps {
  app: App;
  out: SlackOutput;
  users: SlackUsers;
  botUserId: string;
  log: Logger;
}

/** How long an event id is remembered; Slack retries within about an hour. */
const EVENT_MEMORY_S = 2 * 3600;
const SLACK_ID = /^[A-Z0-9]{2,32}$/;
const MENTION = /^<@([UW][A-Z0-9]{2,31})(?:\|[^>]*)?>$/;

/** "<@U123|alice>" or "<@U123>" (Slack escapes mentions in command text) -> "slack:U123". */
export function resolveSlackUser(raw: string): string | undefined {
  const m = MENTION.exec(raw.trim());
  return m ? `slack:${m[1]}` : undefined;
}

/** Slack's channel_name, unless it is one of the placeholders it sends for direct and private conversations. */
const channelNameOf = (name?: string) => (name && !['directmessage', 'privategroup', 'mpdm'].includes(name) ? name : undefined);

export function registerListeners(bolt: BoltApp, d: ListenerDeps): void {
  const guard = (what: string, fn: () => Promise<void>) => fn().catch((err: unknown) => {
    d.log.error({ err: describe(err), what }, 'slack: handler failed');
  });

  const invocation = async (teamId: string, channel: string, user: string, fallbackName?: string, triggerId?: string, channelName?: string): Promise<Invocation> => {
    const who = await d.users.get(user, fallbackName);
    return {
      platform: 'slack', communityId: `slack:${teamId}`, channelId: `slack:${channel}`, ...(channelName ? { channelName } : {}), userId: `slack:${user}`,
      displayName: who.name, isAdmin: who.isAdmin, now: new Date(), resolveUser: resolveSlackUser,
      // A replayed or redelivered request carries the same trigger id, so it runs once.
      interactionId: triggerId ? `slack-${triggerId}` : undefined,
    };
  };

  // Slash commands: acknowledge at once (Slack allows 3 s), then answer through the response_url / Web API.
  bolt.command(/^\/[a-z0-9-]+$/, async ({ command, ack }: SlackCommandMiddlewareArgs) => {
    await ack();
    await guard('command', async () => {
      const inv = await invocation(command.team_id, command.channel_id, command.user_id, command.user_name, command.trigger_id, channelNameOf(command.channel_name));
      const reply = await d.app.router.dispatch(inv, { name: command.command.replace(/^\//, ''), text: command.text ?? '' });
      await d.out.deliver(reply, {
        communityId: inv.communityId, channel: command.channel_id, user: command.user_id,
        responseUrl: command.response_url, triggerId: command.trigger_id,
      });
    });
  });

  // Buttons: the action_id is the neutral action id; the router parses it strictly.
  bolt.action<BlockAction>({ type: 'block_actions', action_id: /[\s\S]*/ }, async ({ action, body, ack }) => {
    await ack();
    if (action.type !== 'button') return;
    await guard('action', async () => {
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const channel = body.channel?.id ?? body.container?.channel_id ?? '';
      if (!SLACK_ID.test(teamId) || !SLACK_ID.test(channel)) return;
      const inv = await invocation(teamId, channel, body.user.id, body.user.name, body.trigger_id);
      const reply = await d.app.router.action(inv, action.action_id);
      await d.out.deliver(reply, { communityId: inv.communityId, channel, user: body.user.id, responseUrl: body.response_url, triggerId: body.trigger_id });
    });
  });

  // Modal submissions: callback_id is the form's action id.
  bolt.view({ type: 'view_submission', callback_id: /[\s\S]*/ }, async ({ view, body, ack }) => {
    await ack();
    await guard('view', async () => {
      const meta = parseMetadata(view.private_metadata);
      const teamId = view.app_installed_team_id ?? body.team?.id ?? body.user.team_id ?? '';
      if (!meta.c || !SLACK_ID.test(teamId)) return;
      const text = view.state.values[MODAL_BLOCK]?.[MODAL_INPUT]?.value ?? '';
      const inv = await invocation(teamId, meta.c, body.user.id, body.user.name, 'trigger_id' in body ? String(body.trigger_id) : undefined);
      const reply = await d.app.router.action(inv, view.callback_id, text);
      await d.out.deliver(reply, { communityId: inv.communityId, channel: meta.c, user: body.user.id, responseUrl: meta.r });
    });
  });

  // Reactions on linked channel posts answer them (the first answer counts; a retried event is handled once).
  bolt.event('reaction_added', async ({ event, body }) => {
    await guard('reaction', async () => {
      if (event.item.type !== 'message' || event.user === d.botUserId) return;
      const emoji = sharedEmoji(event.reaction);
      const teamId = body.team_id;
      if (!emoji || !SLACK_ID.test(teamId) || !SLACK_ID.test(event.item.channel)) return;
      const communityId = `slack:${teamId}`;
      const postId = await d.app.services.posts.byMessage(communityId, `${event.item.channel}:${event.item.ts}`);
      if (!postId) return;
      const choice = (CHOICE_EMOJI as readonly string[]).indexOf(emoji);
      const level = SELF_LEVELS.find((l) => SELF_EMOJI[l] === emoji);
      const actionId = choice >= 0 ? actionIds.answer(postId, choice) : level ? actionIds.assess(postId, level) : undefined;
      if (!actionId) return;
      if (!(await claimEvent(d.app, communityId, body.event_id))) {
        d.log.debug({ event: body.event_id }, 'slack: event already handled (retry)');
        return;
      }
      const inv = await invocation(teamId, event.item.channel, event.user);
      const reply = await d.app.router.action(inv, actionId);
      const target: Target = { communityId, channel: event.item.channel, user: event.user };
      await d.out.deliver(reply, target);
    });
  });
}

/** True the first time an event id is seen (across replicas); Slack's retries of it then change nothing. */
async function claimEvent(app: App, communityId: string, eventId: string | undefined): Promise<boolean> {
  if (!eventId || !/^[A-Za-z0-9_-]{1,64}$/.test(eventId)) return true;
  const res = await app.redis.set(communityKeys(communityId).event(eventId), '1', 'EX', EVENT_MEMORY_S, 'NX');
  return res === 'OK';
}

function parseMetadata(raw: string | undefined): FormMetadata {
  try {
    const v = JSON.parse(raw ?? '') as FormMetadata;
    return {
      c: typeof v.c === 'string' && SLACK_ID.test(v.c) ? v.c : undefined,
      r: typeof v.r === 'string' ? v.r : undefined,
    };
  } catch {
    return {};
  }
}
