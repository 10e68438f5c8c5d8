import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { createApp, type App } from '../../../src/app.js';
import { CHOICE_EMOJI } from '../../../src/core/action-ids.js';
import { loadConfig } from '../../../src/config.js';
import { jobIds } from '../../../src/delivery/jobs.js';
import { createLogger } from '../../../src/ops/logger.js';
import { registerCommands } from '../../../src/platforms/discord/register.js';
import { postIdFor } from '../../../src/store/posts.js';
import type { Schedule } from '../../../src/store/schedules.js';
import { testBank } from '../../support/bank.js';
import { FakeDiscord, type FakeGuild, type FakeInteraction } from '../../support/fake-discord.js';
import { privateRedis } from '../../support/redis.js';
import { Replica, writeTestBank } from '../../support/replica.js';
import { lastLetter } from '../../support/script.js';
import { tempDir, removeTempDirs } from '../../support/process.js';
import { textOf } from './helpers.js';
import { until } from '../../support/until.js';

/**
 * The bot as two shard processes (`npm run start:shards`, discord.js's ShardingManager) on a fake Discord that
 * routes each guild's events to the session of its shard, like Discord. Guilds on both shards get scheduled
 * questions, commands, button presses and reactions; then a shard process dies and a standby takes over.
 */
const SHARDS = 2;
const CALLBACK = '/interactions/:id/:token/callback';
let fake: FakeDiscord;
let redis: Awaited<ReturnType<typeof privateRedis>>;
let app: App;
let manager: Replica | undefined;
let standby: Replica | undefined;
const guilds: FakeGuild[] = [];
let env: Record<string, string>;

beforeAll(async () => {
  fake = await FakeDiscord.start({ shards: SHARDS });
  await registerCommands(commands, { token: fake.token, appId: fake.appId, apiUrl: fake.apiUrl });
  redis = await privateRedis();
  app = await createApp({ config: loadConfig({}), redisUrl: redis.url, bank: testBank(), log: createLogger('silent') });
  for (let i = 0; i < 6; i++) guilds.push(fake.addGuild({ shard: [i % SHARDS, SHARDS] }));
  env = {
    ...redis.env, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, QUESTIONS_DIR: writeTestBank(tempDir()),
    DISCORD_SHARD_COUNT: String(SHARDS), DISCORD_SHARD_SPAWN_DELAY_MS: '0', DISCORD_SHARD_LEASE_MS: '3000',
    SCHEDULE_GRACE_MINUTES: '180', DELIVERY_LOCK_MS: '3000', DELIVERY_RETRY_BASE_MS: '300', DELIVERY_RETRY_MAX_MS: '2000',
  };
}, 60_000);
afterAll(async () => {
  await Promise.all([manager?.kill(), standby?.kill()]);
  await app?.close();
  await fake?.stop();
  await redis?.stop();
  removeTempDirs();
});

/** Four daily schedules per guild whose slots today were a few minutes ago (start-up catch-up queues them). */
async function schedules(): Promise<{ s: Schedule; slot: number }[]> {
  const out = [];
  for (const [gi, g] of guilds.entries()) {
    for (let j = 0; j < 4; j++) {
      const slot = Math.floor((Date.now() - (2 + gi * 4 + j) * 60_000) / 60_000) * 60_000;
      const at = new Date(slot);
      const s: Schedule = {
        id: app.services.scheduleRepo.newId(), communityId: `discord:${g.id}`, channelId: `discord:${g.channel.id}`,
        cron: `${at.getUTCMinutes()} ${at.getUTCHours()} * * *`, label: 'daily', timezone: 'UTC',
        filter: { tracks: [], topics: ['probability'], difficulties: ['medium'], kinds: ['choice'] },
        windowMinutes: 0.5, answerMode: 'both', recap: false, paused: false, createdBy: 'discord:1', createdAt: slot - 3_600_000,
      };
      await app.services.scheduleRepo.save(s);
      out.push({ s, slot });
    }
  }
  return out;
}

const callbacks = (it: FakeInteraction) => fake.requests.filter((r) => r.route === CALLBACK && r.params.id === it.id);
const isQuestion = (m: { embeds: { title?: string }[] }) => /Question of the day|Closed/.test(m.embeds[0]?.title ?? '');
const isReveal = (m: { embeds: { title?: string }[] }) => /Answer revealed/.test(m.embeds[0]?.title ?? '');

/** The pid of the manager's shard process that runs `shard`: a child of the manager whose environment says SHARDS=<id>. */
function shardPid(managerPid: number, shard: number): number {
  const read = (path: string) => { try { return readFileSync(path, 'utf8'); } catch { return ''; } };
  const children = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)
    .filter((p) => Number(read(`/proc/${p}/stat`).replace(/^.*\) /s, '').split(' ')[1]) === managerPid);
  const pid = children.find((p) => read(`/proc/${p}/environ`).split('\0').includes(`SHARDS=${shard}`));
  if (!pid) throw new Error(`no process for shard ${shard}`);
  return pid;
}

describe('Discord shards in two processes', () => {
  it('every scheduled slot, command, button and reaction on both shards: 0 lost, 0 duplicated', async () => {
    const planned = await schedules();
    expect(planned.length).toBeGreaterThanOrEqual(20);
    manager = new Replica('shards', env, { script: 'src/shards.ts', readyLine: 'every shard process is ready' });
    await manager.ready;
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, SHARDS], [1, SHARDS]]);

    // Commands and button presses on every guild, whichever shard it is on, while delivery runs.
    const people = guilds.map((g, i) => ({ g, user: fake.addUser(`user${i}`) }));
    const quizzes = people.map(({ g, user }) => fake.slash({ guild: g, user, command: 'quiz', options: { topic: 'probability' } }));
    for (const q of quizzes) expect(textOf(await fake.reply(q, 10_000))).toMatch(/probability/);

    const postIds = planned.map(({ s, slot }) => ({ communityId: s.communityId, id: postIdFor(jobIds.post(s.communityId, s.id, slot)) }));
    const states = () => Promise.all(postIds.map((p) => app.services.posts.state(p.communityId, p.id)));
    // Answer the first question of each guild by button and the second by reaction, as soon as they are up.
    const answered: FakeInteraction[] = [];
    for (const [gi, { g, user }] of people.entries()) {
      const [first, second] = [postIds[gi * 4]!, postIds[gi * 4 + 1]!];
      const open = await until(async () => {
        const [a, b] = await Promise.all([app.services.posts.state(first.communityId, first.id), app.services.posts.state(second.communityId, second.id)]);
        return a?.status === 'open' && b?.status === 'open' && a.messageRef && b.messageRef ? [a, b] as const : undefined;
      }, 90_000, `the first questions in guild ${gi}`);
      const [m1, m2] = [fake.messages.get(open[0].messageRef!)!, fake.messages.get(open[1].messageRef!)!];
      const press = fake.click({ guild: g, user, message: m1, customId: `ans:${open[0].id}:0` });
      answered.push(press);
      expect(textOf(await fake.reply(press, 10_000))).toMatch(/Recorded your answer/);
      fake.react({ guild: g, user, message: m2, emoji: CHOICE_EMOJI['ABC'.indexOf(lastLetter(textOf(m2), '1/3'))]! });
      await until(() => fake.dmsTo(user).length > 0, 10_000, `the reaction receipt in guild ${gi}`);
      expect(Object.keys(await app.services.posts.answers(open[1].communityId, open[1].id))).toEqual([`discord:${user.id}`]);
    }

    await until(async () => (await states()).every((p) => p?.revealRef), 150_000, 'every slot posted and revealed');
    for (const g of guilds) {
      const messages = fake.channelMessages(g.channel.id);
      expect(messages.filter(isQuestion)).toHaveLength(4);
      expect(messages.filter(isReveal)).toHaveLength(4);
    }
    // One answer to every interaction, by the one process whose shard the guild is on.
    for (const it of [...quizzes, ...answered]) expect(callbacks(it)).toHaveLength(1);
    expect(fake.peakSessions.get(`0/${SHARDS}`)).toBe(1);
    expect(fake.peakSessions.get(`1/${SHARDS}`)).toBe(1);
  }, 240_000);

  it('a process standing by for a shard takes over when its shard process dies; never two sessions at once', async () => {
    if (!manager) throw new Error('needs the shard processes of the test before');
    // A plain bot process configured for shard 1: its lease is held, so it stands by (and still delivers).
    standby = new Replica('standby', { ...env, DISCORD_SHARDS: '1' });
    await standby.ready;
    await until(() => standby!.logs.some((l) => l.includes('standing by to take over')), 10_000, 'the standby');
    const identified = fake.identifies.length;
    expect(fake.identifies.filter((i) => i.shard[0] === 1)).toHaveLength(1);

    process.kill(shardPid(manager.pid!, 1), 'SIGKILL');
    // The lease lapses (3 s); the standby or the manager's new shard process takes it, never both.
    await until(() => fake.identifies.length > identified, 30_000, 'a new session for shard 1');
    const g = guilds[1]!; // guild i is on shard i % SHARDS
    const user = fake.addUser('late');
    const q = fake.slash({ guild: g, user, command: 'topics' });
    expect(textOf(await fake.reply(q, 15_000))).toMatch(/probability/);
    await new Promise((r) => setTimeout(r, 4000)); // another lease period: the other contender must stay out
    expect(callbacks(q)).toHaveLength(1);
    expect(fake.peakSessions.get(`1/${SHARDS}`)).toBe(1);
    expect(fake.identifies.filter((i) => i.shard[0] === 1)).toHaveLength(2);
  }, 120_000);
});
