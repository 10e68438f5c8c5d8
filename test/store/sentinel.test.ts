import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, redisConnection } from '../../src/config.js';
import { createLogger } from '../../src/ops/logger.js';
import { communityKeys } from '../../src/store/keys.js';
import { invocationFor } from '../support/app.js';
import { testBank } from '../support/bank.js';
import { freshCommunity } from '../support/redis.js';
import { launchSentinel, type LaunchedSentinel } from '../support/redis-cluster.js';

/**
 * A master, a replica and a sentinel (real redis-server processes). Answers flow while the sentinel moves the
 * master to the replica (SENTINEL FAILOVER): the bot follows the new master, and every answer it acknowledged is
 * there afterwards, because it acknowledges an answer only once the replica has it (REDIS_WAIT_REPLICAS=1).
 */
let set: LaunchedSentinel;
let app: App;
let sentinel: Redis;

beforeAll(async () => {
  set = await launchSentinel({ dir: mkdtempSync(join(inject('redisScratch'), 'sentinel-')), pidFile: join(inject('redisScratch'), 'pids') });
  const [host, port] = ['127.0.0.1', set.sentinel.port];
  // Every answer is acknowledged only once the replica has it (WAIT), as a deployment that must not lose one runs.
  const config = loadConfig({ REDIS_SENTINELS: `${host}:${port}`, REDIS_SENTINEL_NAME: set.name, REDIS_WAIT_REPLICAS: '1', DEFAULT_TIMEZONE: 'UTC' });
  app = await createApp({ config, redisUrl: redisConnection(config)!, bank: testBank(), log: createLogger('silent') });
  sentinel = new Redis({ port, host });
}, 30_000);
afterAll(async () => {
  sentinel?.disconnect();
  await app?.close();
  await set?.stop();
});

const masterPort = async () => Number(((await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', set.name)) as string[])[1]);

describe('Redis through Sentinel', () => {
  it('answers keep flowing through a SENTINEL FAILOVER, and no acknowledged answer is lost', async () => {
    const c = freshCommunity();
    expect(await masterPort()).toBe(set.master.port);
    const acknowledged: string[] = [];
    let refused = 0;
    const reasons = new Set<string>();
    let stop = false;
    let n = 0;
    // Four users answer one personal question after another, as fast as the bot acknowledges them.
    const users = ['ann', 'bob', 'cyd', 'dee'].map(async (user) => {
      while (!stop) {
        const i = n++;
        try {
          const p = await app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId: 't-dice-sum', channelId: 'console:main', audience: `console:${user}`, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
          const reply = await app.services.quiz.answer(invocationFor(c, user), p.id, { text: '1/6' });
          if (reply.title?.startsWith('✅ Correct!')) acknowledged.push(`${user}|${p.id}|${i}`);
        } catch (err) {
          refused++; // not acknowledged: the user saw an error and may try again
          reasons.add(String((err as Error).message).slice(0, 80));
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    });
    let deadline = Date.now() + 40_000;
    while (acknowledged.length < 50) {
      if (Date.now() > deadline) throw new Error(`answers do not flow before the failover: ${[...reasons].join('; ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = acknowledged.length;
    const t0 = Date.now();
    await sentinel.call('SENTINEL', 'FAILOVER', set.name);
    deadline = Date.now() + 40_000;
    const replicaPorts = set.replicas.map((r) => r.port);
    while (!replicaPorts.includes(await masterPort())) {
      if (Date.now() > deadline) throw new Error('the sentinel did not move the master');
      await new Promise((r) => setTimeout(r, 100));
    }
    // Answers go on after the switch, on the new master.
    const switched = acknowledged.length;
    const tSwitch = Date.now() - t0;
    while (acknowledged.length < switched + 50) {
      if (Date.now() > deadline) throw new Error(`answers stopped after the failover (${acknowledged.length - switched} since)`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const tFlow = Date.now() - t0;
    stop = true;
    await Promise.all(users);

    // Every acknowledged answer is on the new master.
    const direct = new Redis({ port: await masterPort(), host: '127.0.0.1' });
    try {
      expect((await direct.info('replication')).match(/role:(\w+)/)?.[1]).toBe('master');
      const k = communityKeys(c);
      const pipe = direct.pipeline();
      for (const a of acknowledged) {
        const [user, postId] = a.split('|');
        pipe.hexists(k.postAnswers(postId!), `console:${user}`);
      }
      const stored = ((await pipe.exec()) ?? []).map(([, v]) => v);
      const lost = acknowledged.filter((_, i) => stored[i] !== 1);
      expect(lost).toEqual([]);
      const answered = await Promise.all(['ann', 'bob', 'cyd', 'dee'].map((u) => direct.hget(k.user(`console:${u}`), 'answered')));
      expect(answered.reduce((s, x) => s + Number(x ?? 0), 0)).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      direct.disconnect();
    }
    // Until the new master has a replica again (Sentinel turns the old master into one after about 8 s), no
    // answer can be confirmed, so each is refused with a message instead of being acknowledged and then lost.
    expect(before).toBeGreaterThanOrEqual(50);
    expect(tSwitch).toBeLessThan(10_000);
    expect(tFlow - tSwitch).toBeLessThan(25_000);
    expect([...reasons].every((r) => /NOREPLICAS|EXECABORT|could not confirm|READONLY|Connection|closed/i.test(r)), [...reasons].join('; ')).toBe(true);
    expect(refused).toBeGreaterThan(0);
  }, 60_000);
});
