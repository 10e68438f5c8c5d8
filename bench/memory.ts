/**
 * Memory benchmark: a simulated month of one community (bench/month.ts: 10,000 members × 30 answers, a daily channel
 * question at 60% participation, practice questions for the rest) through the real services, against a private
 * redis-server. Prints the bytes per active member, by summing MEMORY USAGE over every key (also by key family, with
 * encodings) and by the used_memory delta, and the Redis version.
 * Usage: npm run bench:memory -- [users=10000] [answersPerUser=30] [days=30]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchRedis } from '../src/ops/redis-launcher.js';
import { connectRedis, type Store } from '../src/store/redis.js';
import { loadBank } from '../src/load-bank.js';
import { createServices } from '../src/services/services.js';
import { createLogger } from '../src/ops/logger.js';
import { simulateMonth } from './month.js';

const [USERS = 10_000, ANSWERS = 30, DAYS = 30] = process.argv.slice(2).map(Number);
const TARGET = 2048;
const MOONSHOT = 1024;

const usedMemory = async (redis: Store) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);

/** A key's family: the key with its community, member, post, channel and period ids replaced by placeholders. */
export function family(key: string): string {
  return key
    .replace(/^\{c:[^}]+\}/, '{c}')
    .replace(/(discord|slack|console):[0-9A-Za-z]+/g, '<id>')
    .replace(/:\d{4}-W\d\d\b/, ':<week>')
    .replace(/:\d{4}-\d\d\b/, ':<month>')
    .replace(/:(post|msg):[a-z0-9]{10}\b/, ':$1:<post>')
    .replace(/:m\d+[qr]\b/, ':<msg>')
    .replace(/:qrep:.+$/, ':qrep:<question>')
    .replace(/:team:.+$/, ':team:<team>')
    .replace(/:seen:.+$/, ':seen:<pool>')
    .replace(/:evt:.+$/, ':evt:<event>');
}

interface Family { keys: number; bytes: number; encodings: Map<string, number>; names: string[]; freed?: number }

async function measureKeys(redis: Store): Promise<Map<string, Family>> {
  const families = new Map<string, Family>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 2000);
    cursor = next;
    if (keys.length === 0) continue;
    const pipe = redis.pipeline();
    for (const key of keys) pipe.memory('USAGE', key, 'SAMPLES', 0).object('ENCODING', key);
    const res = (await pipe.exec()) ?? [];
    keys.forEach((key, i) => {
      const bytes = Number(res[2 * i]?.[1] ?? 0);
      const encoding = String(res[2 * i + 1]?.[1] ?? '?');
      const f = family(key);
      const entry = families.get(f) ?? { keys: 0, bytes: 0, encodings: new Map<string, number>(), names: [] };
      entry.keys++;
      entry.names.push(key);
      entry.bytes += bytes;
      entry.encodings.set(encoding, (entry.encodings.get(encoding) ?? 0) + 1);
      families.set(f, entry);
    });
  } while (cursor !== '0');
  return families;
}

/** What deleting each family frees (used_memory before and after), the largest first: the allocator's view of it. */
async function measureFreed(redis: Store, families: Map<string, Family>): Promise<void> {
  for (const f of [...families.values()].sort((a, b) => b.bytes - a.bytes)) {
    const before = await usedMemory(redis);
    for (let i = 0; i < f.names.length; i += 1000) await redis.del(...f.names.slice(i, i + 1000));
    f.freed = before - (await usedMemory(redis));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-mem-'));
  const server = await launchRedis({ dir, persistence: 'none' });
  const redis = connectRedis(server.url);
  try {
    const bank = loadBank('questions');
    const services = createServices({ redis, bank, defaultTimezone: 'UTC', log: createLogger('silent') });
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1];
    const config = await redis.config('GET', '*-max-listpack-*') as string[];
    const before = await usedMemory(redis);
    const result = await simulateMonth(services, 'discord:1000000000000000001', {
      users: USERS, answersPerUser: ANSWERS, days: DAYS, channelShare: 0.6, start: new Date(Date.UTC(2031, 2, 3)),
    }, (day) => { if (day % 5 === 4) process.stderr.write(`  day ${day + 1}/${DAYS}\n`); });
    const after = await usedMemory(redis);
    const stats = (await redis.call('MEMORY', 'STATS')) as unknown[];
    const families = await measureKeys(redis);
    await measureFreed(redis, families);
    const n = result.activeUsers;
    const summed = [...families.values()].reduce((a, f) => a + f.bytes, 0);
    const keys = [...families.values()].reduce((a, f) => a + f.keys, 0);
    const per = (bytes: number) => `${(bytes / n).toFixed(0).padStart(6)} B`;

    console.log(`Redis ${version}; ${Object.entries(Object.fromEntries(config.flatMap((_, i) => (i % 2 ? [] : [[config[i], config[i + 1]]])))).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log(`month: ${result.activeUsers} active members, ${result.answers} answers (${result.channelAnswers} channel, ${result.practiceAnswers} practice) in ${result.seconds.toFixed(0)} s`);
    console.log(`keys: ${keys}`);
    console.log('\nby key family, per active member: MEMORY USAGE, and what deleting the family freed:');
    const rows = [...families.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
    for (const [name, f] of rows) {
      const enc = [...f.encodings.entries()].map(([e, c]) => (f.encodings.size > 1 ? `${e}×${c}` : e)).join(' ');
      console.log(`  ${per(f.bytes)} ${per(f.freed ?? 0)}  ${String(f.keys).padStart(7)} keys  ${enc.padEnd(22)} ${name}`);
    }
    console.log('');
    console.log(`bytes per active member, summing MEMORY USAGE : ${(summed / n).toFixed(0)} B (target ≤ ${TARGET}, moonshot ≤ ${MOONSHOT})`);
    console.log(`bytes per active member, used_memory delta    : ${((after - before) / n).toFixed(0)} B`);
    const stat = (list: unknown[], name: string) => list[list.indexOf(name) + 1];
    const db = (stat(stats, 'db.0') ?? []) as unknown[];
    const perMember = (v: unknown) => `${(Number(v ?? 0) / n).toFixed(0)} B`;
    console.log(`  at the end: dataset ${perMember(stat(stats, 'dataset.bytes'))}, keyspace tables ${perMember(stat(db, 'overhead.hashtable.main'))}, `
      + `expiry table ${perMember(stat(db, 'overhead.hashtable.expires'))}, clients ${perMember(stat(stats, 'clients.normal'))} (allocator fragmentation is not counted)`);
    console.log(`a community of 10,000 active members          : ${((after - before) / 2 ** 20 * 10_000 / n).toFixed(1)} MiB per month`);
  } finally {
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
