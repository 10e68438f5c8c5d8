/**
 * Leaderboard benchmark: one community board with a million members, read as /leaderboard reads it (the top 10 with
 * names, the caller's own rank and score, how many are on the board), against a private redis-server.
 * Prints round trips per read and p50/p99 latency, sequentially and at 16 concurrent readers, for:
 * - the /leaderboard service path (one Lua call, store/board-scripts.ts);
 * - that Lua call alone;
 * - the same read as five separate commands (ZREVRANGE, HMGET, ZSCORE, ZCOUNT, ZCARD), as it was before.
 * Usage: npm run bench:leaderboard -- [members=1000000] [reads=5000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchRedis } from '../src/ops/redis-launcher.js';
import { connectRedis } from '../src/store/redis.js';
import { loadBank } from '../src/load-bank.js';
import { createServices } from '../src/services/services.js';
import { createLogger } from '../src/ops/logger.js';
import { communityKeys } from '../src/store/keys.js';
import { rng } from './month.js';
import { countCommands, pct } from './load.js';
import type { Invocation } from '../src/core/command.js';

const [MEMBERS = 1_000_000, READS = 5000] = process.argv.slice(2).map(Number);
const TOP = 10;

async function timed(total: number, concurrency: number, read: (i: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await read(i);
      latencies.push(performance.now() - t0);
    }
  }));
  return latencies;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-lb-'));
  const server = await launchRedis({ dir, persistence: 'none' });
  const redis = connectRedis(server.url);
  try {
    const services = createServices({ redis, bank: loadBank('questions'), defaultTimezone: 'UTC', log: createLogger('silent') });
    const community = 'discord:1000000000000000001';
    const k = communityKeys(community);
    const board = k.board('all');
    const member = (i: number) => `discord:${String(1e17 + i * 7919)}`;
    const random = rng(7);

    const loadStart = performance.now();
    for (let i = 0; i < MEMBERS; i += 10_000) {
      const pipe = redis.pipeline();
      const zadd: (string | number)[] = [];
      const names: string[] = [];
      for (let j = i; j < Math.min(MEMBERS, i + 10_000); j++) {
        zadd.push(Math.floor(random() * 5000), member(j));
        names.push(member(j), `member${j}`);
      }
      pipe.zadd(board, ...zadd).hset(k.names, ...names);
      await pipe.exec();
    }
    console.log(`loaded ${MEMBERS} members in ${((performance.now() - loadStart) / 1000).toFixed(1)} s; Redis ${/redis_version:(\S+)/.exec(await redis.info('server'))?.[1]}, board encoding ${await redis.object('ENCODING', board)}`);

    const now = new Date();
    const inv = (): Invocation => ({
      platform: 'discord', communityId: community, channelId: 'discord:1100000000000000001', userId: member(Math.floor(random() * MEMBERS)),
      displayName: 'bench', isAdmin: false, now,
    });
    const paths: [string, (i: number) => Promise<unknown>][] = [
      ["/leaderboard (service)", () => services.boards.leaderboard(inv(), 'all', false)],
      ['one Lua call', () => redis.leaderboard(board, k.names, k.hidden, String(TOP), member(Math.floor(random() * MEMBERS)), '1', '1')],
      ['five commands (before)', async () => {
        const me = member(Math.floor(random() * MEMBERS));
        const top = await redis.zrevrange(board, 0, TOP - 1, 'WITHSCORES');
        await redis.hmget(k.names, ...top.filter((_, j) => j % 2 === 0));
        const score = await redis.zscore(board, me);
        if (score !== null) await redis.zcount(board, `(${score}`, '+inf');
        await redis.zcard(board);
      }],
    ];

    const counter = countCommands(redis);
    console.log(`\n${READS} reads × 3 passes each (medians of the passes): top ${TOP} with names, own rank and score, board size`);
    console.log(`${'read'.padEnd(24)} round trips   sequential p50 / p99      16 concurrent p50 / p99`);
    for (const [name, read] of paths) {
      await timed(2000, 1, read); // warm-up: JIT-compiled code, caches filled
      // Three passes each; the medians are printed, because this machine is shared and noisy.
      const seqs: number[][] = [];
      const concs: number[][] = [];
      let trips = 0;
      for (let pass = 0; pass < 3; pass++) {
        const before = counter.count();
        seqs.push(await timed(READS, 1, read));
        trips = (counter.count() - before) / READS;
        concs.push(await timed(READS, 16, read));
      }
      const mid = (runs: number[][], p: number) => runs.map((r) => pct(r, p)).sort((a, b) => a - b)[1]!;
      const seq = { p50: mid(seqs, 50), p99: mid(seqs, 99) };
      const conc = { p50: mid(concs, 50), p99: mid(concs, 99) };
      const f = (x: number) => `${x.toFixed(3)} ms`;
      console.log(`${name.padEnd(24)} ${trips.toFixed(2).padStart(11)}   ${f(seq.p50)} / ${f(seq.p99).padEnd(12)} ${f(conc.p50)} / ${f(conc.p99)}`);
    }
    console.log('\ntarget: 1 round trip, p99 < 1 ms sequential');
  } finally {
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
