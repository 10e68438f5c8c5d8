/**
 * Answer-path benchmark: N answers from M simulated users through the same service code the commands use,
 * against a private redis-server, compared with calling the raw answer script directly (the ceiling).
 * Usage: npm run bench -- [answers=20000] [users=200] [concurrency=64]
 * It ends with the image rendering benchmark (bench/render.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchRedis } from '../src/ops/redis-launcher.js';
import { connectRedis, type Store } from '../src/store/redis.js';
import { loadBank } from '../src/load-bank.js';
import { createServices } from '../src/services/services.js';
import { createLogger } from '../src/ops/logger.js';
import { communityKeys } from '../src/store/keys.js';
import { periodsAt, dayNumber } from '../src/domain/calendar.js';
import type { Invocation } from '../src/core/command.js';
import { benchRender } from './render.js';

const [N = 20_000, M = 200, C = 64] = process.argv.slice(2).map(Number);

function countCommands(redis: Store): { count: () => number } {
  let n = 0;
  const original = redis.sendCommand.bind(redis);
  redis.sendCommand = ((cmd: Parameters<typeof original>[0], stream?: Parameters<typeof original>[1]) => { n++; return original(cmd, stream); }) as typeof redis.sendCommand;
  return { count: () => n };
}

async function runConcurrent(total: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies = new Array<number>(total);
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await task(i);
      latencies[i] = performance.now() - t0;
    }
  }));
  return { seconds: (performance.now() - start) / 1000, latencies };
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-'));
  const server = await launchRedis({ dir, persistence: 'none' });
  const redis = connectRedis(server.url);
  try {
    const bank = loadBank('questions');
    const choice = bank.questions.filter((q) => q.kind === 'choice');
    const services = createServices({ redis, bank, defaultTimezone: 'UTC', log: createLogger('silent') });
    const community = 'console:bench';
    const users = Array.from({ length: M }, (_, i) => `console:user${i}`);

    // Setup (not timed): one personal post per answer, plus a warm-up share so both paths run JIT-compiled code.
    const WARM = Math.min(2000, Math.floor(N / 5));
    const posts: { postId: string; user: string }[] = [];
    for (let i = 0; i < N + WARM; i++) {
      const user = users[i % M]!;
      const q = choice[i % choice.length]!;
      const p = await services.posts.create({ createdAt: Date.now(), communityId: community, questionId: q.id, channelId: 'console:main', audience: user, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
      posts.push({ postId: p.id, user });
    }
    await services.settings.get(community);

    const now = new Date();
    const answerOne = (i: number) => {
      const { postId, user } = posts[i]!;
      const inv: Invocation = { platform: 'console', communityId: community, channelId: 'console:main', userId: user, displayName: user, isAdmin: false, now };
      return services.quiz.answer(inv, postId, { choice: i % 2 });
    };
    await runConcurrent(WARM, C, (i) => answerOne(N + i));
    const counter = countCommands(redis);
    const before = counter.count();
    const service = await runConcurrent(N, C, answerOne);
    const roundTrips = (counter.count() - before) / N;

    // Ceiling: the raw script with precomputed arguments on fresh posts.
    const raw: string[][] = [];
    const k = communityKeys('console:bench-raw');
    const p = periodsAt(now, 'UTC');
    for (let i = 0; i < N + WARM; i++) {
      const postId = `raw${String(i).padStart(7, '0')}`;
      await redis.hset(k.post(postId), { q: 'x', status: 'open', closes: 0, aud: '' });
      const u = users[i % M]!;
      raw.push([k.post(postId), k.postAnswers(postId), k.user(u), k.userScored(u), k.board('all'), k.board('week', p.week), k.board('month', p.month),
        k.teamBoard('all'), k.teamBoard('week', p.week), k.teamBoard('month', p.month), k.streaks, k.names, k.userSeen(u), k.userReviewBoxes(u), k.userReviewDue(u), k.userReviewCards(u), k.userStreakLog(u), k.postHints(postId), k.questionStats, k.userActivity(u), k.userTopics(u),
        u, `q${i % 500}`, 'math', '{"g":{"kind":"choice","correct":true,"picked":0}}', '1', '20', String(dayNumber(now, 'UTC')), String(p.weekExpireAt), String(p.monthExpireAt), String(now.getTime()), u, '3', '2', 'probability']);
    }
    await runConcurrent(WARM, C, (i) => redis.recordAnswer(...raw[N + i]!));
    const ceiling = await runConcurrent(N, C, (i) => redis.recordAnswer(...raw[i]!));

    const svcRate = N / service.seconds;
    const rawRate = N / ceiling.seconds;
    const mem = await redis.info('memory');
    console.log(`answers: ${N}, users: ${M}, concurrency: ${C}`);
    console.log(`service path : ${svcRate.toFixed(0)} answers/s, p50 ${pct(service.latencies, 50).toFixed(2)} ms, p99 ${pct(service.latencies, 99).toFixed(2)} ms`);
    console.log(`raw script   : ${rawRate.toFixed(0)} answers/s, p50 ${pct(ceiling.latencies, 50).toFixed(2)} ms, p99 ${pct(ceiling.latencies, 99).toFixed(2)} ms`);
    console.log(`ratio        : ${(svcRate / rawRate).toFixed(2)} of the ceiling (target ≥ 0.70)`);
    console.log(`round trips  : ${roundTrips.toFixed(2)} Redis commands per answer (target 1)`);
    console.log(`memory       : bot RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, redis ${/used_memory_human:(\S+)/.exec(mem)?.[1]}`);
    await benchRender(30);
  } finally {
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
