import { DiscordAPIError, REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/ops/logger.js';
import { startDiscord } from '../../../src/platforms/discord/adapter.js';
import { testBank } from '../../support/bank.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/fake-discord-harness.js';
import { FakeDiscord } from '../../support/fake-discord.js';
import { testRedisUrl } from '../../support/redis.js';
import { callbackOf, isEphemeral, sleep, textOf } from './helpers.js';

describe('Discord: start-up', () => {
  it('fails with a clear error for an invalid token, without logging or echoing it', async () => {
    const fake = await FakeDiscord.start();
    const logs: string[] = [];
    const wrong = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GxYzAb.wrong-token-wrong-token-wrong-token';
    const config = loadConfig({ DISCORD_TOKEN: wrong, DISCORD_API_URL: fake.apiUrl });
    const app = await createApp({ config, redisUrl: testRedisUrl(), bank: testBank(), log: createLogger('trace', { write: (l: string) => { logs.push(l); } }) });
    try {
      const err = await startDiscord(app).then(() => undefined, (e: unknown) => e as Error);
      expect(err?.message).toMatch(/Discord rejected DISCORD_TOKEN \(401 Unauthorized\)/);
      expect(err?.message).not.toContain(wrong);
      expect(logs.join('\n')).not.toContain(wrong);
      expect(fake.requests.map((r) => [r.route, r.status])).toEqual([['/gateway/bot', 401]]);
    } finally {
      await app.close();
      await fake.stop();
    }
  });
});

describe('Discord: gateway, deferral, failures, logs', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ fake: { interactionDeadlineMs: 700, heartbeatIntervalMs: 150 }, discord: { deferAfterMs: 150 } });
  });
  afterAll(async () => { await h?.stop(); });

  it('identifies with only the Guilds and GuildMessageReactions intents and keeps the heartbeat going', async () => {
    expect(h.fake.identifies).toHaveLength(1);
    expect(h.fake.identifies[0]).toMatchObject({ token: '<valid>', intents: (1 << 0) | (1 << 10), shard: [0, 1] });
    await h.fake.until(() => h.fake.heartbeatAcks >= 2, 3000, 'two heartbeats');
  });

  it('defers a slow command in time, then edits a private reply or posts a public one', async () => {
    const g = h.fake.addGuild();
    const alice = h.fake.addUser('alice');
    const original = h.app.router.dispatch.bind(h.app.router);
    h.app.router.dispatch = async (inv, input) => { await sleep(900); return original(inv, input); };
    try {
      const slowQuiz = h.fake.slash({ guild: g, user: alice, command: 'quiz', options: { topic: 'probability', difficulty: 'medium' } });
      const ack = await h.fake.response(slowQuiz);
      expect(ack.type).toBe(5);
      expect(ack.data.flags).toBe(64);
      expect(ack.at - slowQuiz.dispatchedAt).toBeLessThan(700);
      const card = await h.fake.reply(slowQuiz, 5000);
      expect(isEphemeral(card)).toBe(true);
      expect(textOf(card)).toContain('A family has two children');
      expect(h.fake.requests.some((r) => r.method === 'PATCH' && r.params.token === slowQuiz.token && r.params.message === '@original')).toBe(true);

      const slowBoard = h.fake.slash({ guild: g, user: alice, command: 'leaderboard' });
      expect((await h.fake.response(slowBoard)).type).toBe(5);
      const [board] = await h.fake.until(() => (h.fake.followups(slowBoard).length ? h.fake.followups(slowBoard) : undefined), 5000, 'the public board');
      expect(isEphemeral(board!)).toBe(false);
      expect(textOf(board!)).toContain('Leaderboard');
      await h.fake.until(() => h.fake.messages.get(slowBoard.originalId!)!.deleted, 5000, 'the placeholder removed');
    } finally {
      h.app.router.dispatch = original;
    }
  });

  it('turns a failed response into a clear ephemeral message, never "This interaction failed"', async () => {
    const g = h.fake.addGuild();
    const alice = h.fake.addUser('alice');
    h.fake.failNext('/interactions/:id/:token/callback', 400, { code: 50035, message: 'Invalid Form Body', errors: { embeds: { _errors: [{ code: 'X', message: 'x' }] } } });
    const cmd = h.fake.slash({ guild: g, user: alice, command: 'topics' });
    const reply = await h.fake.reply(cmd);
    expect(isEphemeral(reply)).toBe(true);
    expect(textOf(reply)).toMatch(/Something went wrong while answering/);
    const attempts = h.fake.requests.filter((r) => r.params.id === cmd.id);
    expect(attempts.map((r) => r.status)).toEqual([400, 204]);
    expect(callbackOf(h.fake, cmd)!.body.data.flags).toBe(64);
  });

  it('the fake refuses payloads over Discord limits with Discord\'s 400', async () => {
    const rest = new REST({ api: h.fake.apiUrl, retries: 0 }).setToken(h.fake.token);
    const g = h.fake.addGuild();
    const tooLong = await rest.post(Routes.channelMessages(g.channel.id), { body: { content: 'x'.repeat(2001) } }).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(DiscordAPIError);
    expect((tooLong as DiscordAPIError).code).toBe(50035);
    expect((tooLong as DiscordAPIError).rawError).toMatchObject({ errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    const big = { embeds: [{ description: 'd'.repeat(4000) }, { description: 'e'.repeat(2001) }] };
    expect(((await rest.post(Routes.channelMessages(g.channel.id), { body: big }).catch((e: unknown) => e)) as DiscordAPIError).rawError)
      .toMatchObject({ errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } });
    const sixButtons = { components: [{ type: 1, components: Array.from({ length: 6 }, (_, i) => ({ type: 2, style: 1, label: 'x', custom_id: `b${i}` })) }] };
    expect(((await rest.post(Routes.channelMessages(g.channel.id), { body: sixButtons }).catch((e: unknown) => e)) as DiscordAPIError).status).toBe(400);
    const empty = await rest.post(Routes.channelMessages(g.channel.id), { body: { content: '' } }).catch((e: unknown) => e);
    expect((empty as DiscordAPIError).code).toBe(50006);
  });

  it('never writes the bot token or interaction tokens to the logs', async () => {
    expect(h.logs.length).toBeGreaterThan(0);
    const all = h.logs.join('\n');
    expect(all).not.toContain(h.fake.token);
    for (const it of h.fake.interactions.values()) expect(all).not.toContain(it.token);
    expect(all).toContain('[token]'); // the failed callback above was logged, with its URL redacted
  });

  it('stops cleanly: the gateway connection closes', async () => {
    expect(h.fake.connectedClients).toBe(1);
    await h.platform.stop();
    await h.fake.until(() => h.fake.connectedClients === 0, 3000, 'the socket to close');
  });
});
