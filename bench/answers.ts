/**
 * Answer-path benchmark: M simulated members answer channel questions through the same service code the commands use
 * (grading, settings, calendar, the answer script), against a private redis-server, compared with calling the answer
 * script directly with the same keys and arguments, computed beforehand (the ceiling), in alternating blocks. Five runs,
 * because this machine is noisy; it prints each run and the medians.
 * Usage: npm run bench -- [answers=20000] [users=200] [concurrency=64] [runs=5]
 * It ends with the image rendering benchmark (bench/render.ts).
 *
 * `npm run bench -- cluster …` compares a single node with a 3-master Redis Cluster instead (bench/cluster.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchRedis } from '../src/ops/redis-launcher.js';
import { connectRedis } from '../src/store/redis.js';
import { loadBank } from '../src/load-bank.js';
import { createServices, type Services } from '../src/services/services.js';
import { createLogger } from '../src/ops/logger.js';
import { calendarAt } from '../src/domain/calendar.js';
import { encodeAnswer } from '../src/domain/answer-record.js';
import { gradeShownChoice } from '../src/domain/grading.js';
import type { ChoiceQuestion } from '../src/domain/question.js';
import { postOrder } from '../src/views/question.js';
import type { Invocation } from '../src/core/command.js';
import { benchRender } from './render.js';
import { countCommands, median, pct, runConcurrent } from './load.js';

const CLUSTER_MODE = process.argv[2] === 'cluster';
const [N = 20_000, M = 200, C = 64, RUNS = 5] = CLUSTER_MODE ? [] : process.argv.slice(2).map(Number);
const TARGET = 0.85;


/** `count` open channel posts of choice questions in `community`; answer i is member i % M on post i / M. */
async function channelPosts(services: Services, community: string, count: number, offset: number): Promise<{ id: string; question: ChoiceQuestion }[]> {
  const choice = services.bank.questions.filter((q): q is ChoiceQuestion => q.kind === 'choice');
  const out = [];
  for (let i = 0; i < count; i++) {
    const question = choice[(offset + i) % choice.length]!;
    const p = await services.posts.create({
      createdAt: Date.now(), communityId: community, questionId: question.id, channelId: 'console:main', audience: '',
      closesAt: Date.now() + 3_600_000, scheduleId: '', answerMode: 'buttons',
    });
    out.push({ id: p.id, question });
  }
  return out;
}

async function main(): Promise<void> {
  if (CLUSTER_MODE) return (await import('./cluster.js')).clusterBench(process.argv.slice(3).map(Number));
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-'));
  const server = await launchRedis({ dir, persistence: 'none' });
  const redis = connectRedis(server.url);
  try {
    const bank = loadBank('questions');
    const services = createServices({ redis, bank, defaultTimezone: 'UTC', log: createLogger('silent') });
    await services.ready();
    // Every run has members of its own, so each run starts from the same state (the packed state grows with answers).
    let users: string[] = [];
    const membersFor = (run: number) => { users = Array.from({ length: M }, (_, i) => `console:r${run}u${i}`); };
    membersFor(0);
    const perRun = Math.ceil(N / M);
    const now = new Date();
    const inv = (community: string, user: string): Invocation => ({ platform: 'console', communityId: community, channelId: 'console:main', userId: user, displayName: user, isAdmin: false, now });

    const service = (community: string) => async (posts: { id: string }[], i: number) => {
      const post = posts[Math.floor(i / M)]!;
      return services.quiz.answer(inv(community, users[i % M]!), post.id, { choice: i % 2 });
    };
    /** The script's keys and arguments for the same answers, computed before the clock starts. */
    const precompute = (community: string, posts: { id: string; question: ChoiceQuestion }[], total: number) => {
      const cal = calendarAt(now, 'UTC');
      return Array.from({ length: total }, (_, i) => {
        const { id, question } = posts[Math.floor(i / M)]!;
        const graded = gradeShownChoice(question, i % 2, postOrder(question, id));
        if (!graded.ok || graded.grade.kind !== 'choice') throw new Error('bench answer did not grade');
        const correct = graded.grade.correct;
        return services.answers.scriptArgs({
          communityId: community, postId: id, userId: users[i % M]!, displayName: users[i % M]!, questionId: question.id, track: question.track,
          record: encodeAnswer({ g: graded.grade, c: correct, p: correct ? 20 : 0 }), correct, points: correct ? 20 : 0,
          today: cal.today, periods: cal.periods, now: now.getTime(),
          // The service path's settings check too (the community's settings version, no own zone).
          computedWith: { version: '0', userZone: '' },
        });
      });
    };

    // Warm-up (not timed): both paths once, so both run JIT-compiled code and the members exist.
    const warm = Math.min(N, 4 * M);
    const warmPosts = await channelPosts(services, 'console:bench', Math.ceil(warm / M), 0);
    await runConcurrent(warm, C, (i) => service('console:bench')(warmPosts, i));
    const warmRaw = precompute('console:bench-raw', await channelPosts(services, 'console:bench-raw', Math.ceil(warm / M), 0), warm);
    await runConcurrent(warm, C, (i) => redis.recordAnswer(...warmRaw[i]!));

    const counter = countCommands(redis);
    const runs: { svc: number; raw: number; trips: number; svcP50: number; svcP99: number; rawP50: number; rawP99: number }[] = [];
    for (let r = 0; r < RUNS; r++) {
      membersFor(r + 1);
      const svcPosts = await channelPosts(services, 'console:bench', perRun, (r + 1) * perRun);
      const rawArgs = precompute('console:bench-raw', await channelPosts(services, 'console:bench-raw', perRun, (r + 1) * perRun), N);
      // Members seen within the last minute: their own time zone is cached, as for anyone answering a second time.
      await Promise.all(users.map((u) => services.userZones.get('console:bench', u)));
      // Service and raw answers alternate in blocks, so a busy moment of the machine slows both alike.
      const BLOCK = 2000;
      const svc = { seconds: 0, latencies: [] as number[] };
      const raw = { seconds: 0, latencies: [] as number[] };
      let commands = 0;
      for (let from = 0; from < N; from += BLOCK) {
        const size = Math.min(BLOCK, N - from);
        const before = counter.count();
        const a = await runConcurrent(size, C, (i) => service('console:bench')(svcPosts, from + i));
        commands += counter.count() - before;
        const b = await runConcurrent(size, C, (i) => redis.recordAnswer(...rawArgs[from + i]!));
        svc.seconds += a.seconds; svc.latencies.push(...a.latencies);
        raw.seconds += b.seconds; raw.latencies.push(...b.latencies);
      }
      const trips = commands / N;
      runs.push({
        svc: N / svc.seconds, raw: N / raw.seconds, trips,
        svcP50: pct(svc.latencies, 50), svcP99: pct(svc.latencies, 99), rawP50: pct(raw.latencies, 50), rawP99: pct(raw.latencies, 99),
      });
      const last = runs.at(-1)!;
      console.log(`run ${r + 1}: service ${last.svc.toFixed(0)}/s, raw ${last.raw.toFixed(0)}/s, ratio ${(last.svc / last.raw).toFixed(2)}, ${trips.toFixed(2)} commands per answer`);
    }

    const svcRate = median(runs.map((x) => x.svc));
    const rawRate = median(runs.map((x) => x.raw));
    const mem = await redis.info('memory');
    console.log(`\nanswers: ${N} per run, users: ${M}, concurrency: ${C}, runs: ${RUNS} (medians below)`);
    console.log(`service path : ${svcRate.toFixed(0)} answers/s, p50 ${median(runs.map((x) => x.svcP50)).toFixed(2)} ms, p99 ${median(runs.map((x) => x.svcP99)).toFixed(2)} ms`);
    console.log(`raw script   : ${rawRate.toFixed(0)} answers/s, p50 ${median(runs.map((x) => x.rawP50)).toFixed(2)} ms, p99 ${median(runs.map((x) => x.rawP99)).toFixed(2)} ms`);
    console.log(`ratio        : ${(svcRate / rawRate).toFixed(2)} of the ceiling (median of the runs' ratios ${median(runs.map((x) => x.svc / x.raw)).toFixed(2)}; target ≥ ${TARGET})`);
    console.log(`round trips  : ${median(runs.map((x) => x.trips)).toFixed(2)} Redis commands per answer (target 1)`);
    console.log(`memory       : bot RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, redis ${/used_memory_human:(\S+)/.exec(mem)?.[1]}`);
    await benchRender(30);
  } finally {
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
