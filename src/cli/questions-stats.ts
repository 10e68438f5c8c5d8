/**
 * `npm run questions:stats -- --redis <url> [--format csv|json] [--by-community] [--questions <dir>] [--db <n>]`:
 * exports every question's answers, share correct, hints and reports, summed over all communities (or one row per
 * community and question with --by-community), and flags the questions that need a look (FLAG_RULES).
 */
import { parseArgs } from 'node:util';
import { loadBank } from '../load-bank.js';
import type { Bank } from '../domain/bank.js';
import { FLAG_RULES, toCsv } from '../domain/question-stats.js';
import { exportRows } from '../services/question-stats.js';
import { scrubSecrets } from '../ops/logger.js';
import { connectRedis } from '../store/redis.js';
import { isConnectionString, redisAddress } from '../store/target.js';

const USAGE = 'Usage: npm run questions:stats -- --redis <redis://host:port | unix:///path | redis-cluster://host:port,… | redis-sentinel://host:port,…/name> [--format csv|json] [--by-community] [--questions <dir>] [--db <n>]';

class UsageError extends Error {}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        redis: { type: 'string' }, format: { type: 'string', default: 'csv' }, 'by-community': { type: 'boolean', default: false },
        questions: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', default: false },
      },
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const url = parsed.redis ?? process.env.REDIS_URL;
  if (parsed.help) return { help: true as const };
  if (!url) throw new UsageError(`--redis is required (or set REDIS_URL).\n${USAGE}`);
  if (!isConnectionString(url)) throw new UsageError(`--redis must start with redis://, rediss://, unix://, redis-cluster:// or redis-sentinel://, not "${scrubSecrets(url).slice(0, 40)}".`);
  if (parsed.format !== 'csv' && parsed.format !== 'json') throw new UsageError(`--format must be csv or json, not "${parsed.format.slice(0, 20)}".`);
  const db = parsed.db === undefined ? undefined : Number(parsed.db);
  if (db !== undefined && !(Number.isInteger(db) && db >= 0 && db <= 15)) throw new UsageError(`--db must be a database number from 0 to 15, not "${parsed.db!.slice(0, 20)}".`);
  if (db && /^rediss?-cluster:/.test(url)) throw new UsageError('--db cannot be used with a Redis Cluster (a cluster has only database 0).');
  return { help: false as const, url, format: parsed.format, byCommunity: parsed['by-community'], questions: parsed.questions ?? process.env.QUESTIONS_DIR ?? './questions', db };
}

async function main(): Promise<number> {
  let o;
  try {
    o = options();
  } catch (err) {
    if (err instanceof UsageError) { process.stderr.write(`${err.message}\n`); return 2; }
    throw err;
  }
  if (o.help) { process.stdout.write(`${USAGE}\n`); return 0; }
  let bank: Bank | undefined;
  try {
    bank = loadBank(o.questions);
  } catch (err) {
    process.stderr.write(`Note: could not read the question bank at ${o.questions} (${(err as Error).message.split('\n')[0]}); track, topic and kind are left blank.\n`);
  }
  const redis = connectRedis(o.url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, ...(o.db ? { db: o.db } : {}) });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (err) {
    // The URL may carry a password (redis://:secret@host): never print it.
    process.stderr.write(`Could not connect to Redis at ${scrubSecrets(redisAddress(o.url))}: ${scrubSecrets((err as Error).message)}\n`);
    return 1;
  }
  try {
    const rows = await exportRows(redis, bank, o.byCommunity);
    if (o.format === 'json') {
      process.stdout.write(`${JSON.stringify({ rules: FLAG_RULES, flagged: rows.filter((r) => r.flagged).length, questions: rows }, null, 2)}\n`);
    } else {
      process.stdout.write(toCsv(rows));
    }
    process.stderr.write(`${rows.length} row(s), ${rows.filter((r) => r.flagged).length} flagged.\n`);
    return 0;
  } finally {
    redis.disconnect();
  }
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`questions:stats failed: ${scrubSecrets(err instanceof Error ? err.message : String(err))}\n`);
  process.exitCode = 1;
});
