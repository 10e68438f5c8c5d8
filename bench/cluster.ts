/**
 * `npm run bench -- cluster [answers=20000] [users=200] [concurrency=64] [communities=24]`: the same answer load,
 * spread over several communities, through the service path on a single redis-server and on a private 3-master
 * Redis Cluster, in one run; prints both rates and their ratio. One community is one hash slot, so its answers always
 * land on one master: a cluster spreads communities, not the answers of one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchRedis } from '../src/ops/redis-launcher.js';
import { connectRedis, type Store } from '../src/store/redis.js';
import { loadBank } from '../src/load-bank.js';
import { createServices } from '../src/services/services.js';
import { createLogger } from '../src/ops/logger.js';
import type { Invocation } from '../src/core/command.js';
import { launchCluster } from '../test/support/redis-cluster.js';
import { countCommands, pct, runConcurrent } from './load.js';


/** N personal answers through the service path, spread over `communities` communities. */
async function serviceLoad(redis: Store, o: { n: number; users: number; concurrency: number; communities: number }): Promise<{ rate: number; p50: number; p99: number; trips: number }> {
  const services = createServices({ redis, bank: loadBank('questions'), defaultTimezone: 'UTC', log: createLogger('silent') });
  await services.ready();
  const choice = services.bank.questions.filter((q) => q.kind === 'choice');
  const names = Array.from({ length: o.communities }, (_, i) => `console:bench${i}`);
  const users = Array.from({ length: o.users }, (_, i) => `console:user${i}`);
  const warm = Math.min(2000, Math.floor(o.n / 5));
  const posts: { postId: string; user: string; community: string }[] = [];
  for (let i = 0; i < o.n + warm; i++) {
    const [user, community, q] = [users[i % o.users]!, names[i % o.communities]!, choice[i % choice.length]!];
    const p = await services.posts.create({ createdAt: Date.now(), communityId: community, questionId: q.id, channelId: 'console:main', audience: user, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
    posts.push({ postId: p.id, user, community });
  }
  for (const c of names) await services.settings.get(c);
  const now = new Date();
  const answerOne = (i: number) => {
    const { postId, user, community } = posts[i]!;
    const inv: Invocation = { platform: 'console', communityId: community, channelId: 'console:main', userId: user, displayName: user, isAdmin: false, now };
    return services.quiz.answer(inv, postId, { choice: i % 2 });
  };
  await runConcurrent(warm, o.concurrency, (i) => answerOne(o.n + i));
  const counter = countCommands(redis);
  const before = counter.count();
  const run = await runConcurrent(o.n, o.concurrency, answerOne);
  return { rate: o.n / run.seconds, p50: pct(run.latencies, 50), p99: pct(run.latencies, 99), trips: (counter.count() - before) / o.n };
}

export async function clusterBench(args: number[]): Promise<void> {
  const [n = 20_000, users = 200, concurrency = 64, communities = 24] = args;
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-'));
  const server = await launchRedis({ dir, persistence: 'none' });
  const cluster = await launchCluster({ dir: join(dir, 'cluster'), masters: 3 });
  const single = connectRedis(server.url);
  const clustered = connectRedis(cluster.url);
  try {
    const o = { n, users, concurrency, communities };
    const a = await serviceLoad(single, o);
    const b = await serviceLoad(clustered, o);
    const line = (name: string, r: typeof a) => `${name}: ${r.rate.toFixed(0)} answers/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.trips.toFixed(2)} commands per answer`;
    console.log(`answers: ${n}, users: ${users}, concurrency: ${concurrency}, communities: ${communities}`);
    console.log(line('single node      ', a));
    console.log(line('3-master cluster ', b));
    console.log(`ratio            : ${(b.rate / a.rate).toFixed(2)} (cluster / single node; one client process, ${cpus().length} cores shared by the client and every server)`);
  } finally {
    single.disconnect();
    clustered.disconnect();
    await server.stop();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
