import { Redis, type RedisOptions } from 'ioredis';
import { RECORD_ANSWER, SELF_ASSESS, JOIN_TEAM, LEAVE_TEAM, CLOSE_POST, REVEAL_POST } from './scripts.js';
import { RESTORE_STREAK } from './streak-script.js';
import { REPORT_QUESTION, TAKE_HINT } from './feedback-scripts.js';
import { START_MOCK, UPDATE_MOCK, FINISH_MOCK } from './mock-scripts.js';
import { ACTIVATE_POST, ADD_SCHEDULE, DISCARD_PENDING, REMINDER_SENT, TAKE_BUDGET } from './delivery-scripts.js';
import { ASSIGN_NUMBERS } from './question-numbers.js';
import { CLEAR_STATES, MIGRATE_STATE } from './question-state-script.js';
import { PRESENT_PRACTICE } from './practice.js';
import { LEADERBOARD } from './board-scripts.js';

type Reply = Promise<string[]>;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    recordAnswer(...args: string[]): Reply & Context;
    selfAssess(...args: string[]): Reply & Context;
    joinTeam(...args: string[]): Reply & Context;
    leaveTeam(...args: string[]): Reply & Context;
    closePost(...args: string[]): Promise<number> & Context;
    revealPost(...args: string[]): Promise<number> & Context;
    restoreStreak(...args: string[]): Reply & Context;
    takeHint(...args: string[]): Promise<string> & Context;
    reportQuestion(...args: string[]): Reply & Context;
    startMock(...args: string[]): Promise<number> & Context;
    updateMock(...args: string[]): Promise<number> & Context;
    finishMock(...args: string[]): Promise<number> & Context;
    activatePost(...args: string[]): Promise<string> & Context;
    reminderSent(...args: string[]): Promise<string | string[]> & Context;
    discardPending(...args: string[]): Promise<number> & Context;
    addSchedule(...args: string[]): Reply & Context;
    takeBudget(...args: string[]): Promise<number[]> & Context;
    assignQuestionNumbers(...args: string[]): Promise<number[]> & Context;
    presentPractice(...args: string[]): Reply & Context;
    migrateState(...args: (string | Buffer)[]): Promise<number> & Context;
    clearStates(...args: string[]): Promise<number> & Context;
    leaderboard(...args: string[]): Promise<(string | number)[]> & Context;
  }
}

export type Store = Redis;

/** Logs a connection's errors: the first of an outage as a warning, the reconnect attempts after it quietly. */
export function reportErrors(redis: Store, log: { warn(o: object, m: string): void; debug(o: object, m: string): void }, name: string): Store {
  let down = false;
  redis.on('error', (err: Error) => {
    (down ? log.debug.bind(log) : log.warn.bind(log))({ err: err.message, connection: name }, 'redis connection error');
    down = true;
  });
  redis.on('ready', () => { down = false; });
  return redis;
}

/** Connects to redis://, rediss:// or unix:///path and registers the project's Lua scripts as commands. */
export function connectRedis(url: string, extra: RedisOptions = {}): Store {
  const opts: RedisOptions = { maxRetriesPerRequest: 3, enableAutoPipelining: false, lazyConnect: false, ...extra };
  const redis = url.startsWith('unix://') ? new Redis({ ...opts, path: url.slice('unix://'.length) }) : new Redis(url, opts);
  redis.defineCommand('recordAnswer', { numberOfKeys: 25, lua: RECORD_ANSWER });
  redis.defineCommand('selfAssess', { numberOfKeys: 18, lua: SELF_ASSESS });
  redis.defineCommand('joinTeam', { numberOfKeys: 3, lua: JOIN_TEAM });
  redis.defineCommand('leaveTeam', { numberOfKeys: 3, lua: LEAVE_TEAM });
  redis.defineCommand('closePost', { numberOfKeys: 2, lua: CLOSE_POST });
  redis.defineCommand('revealPost', { numberOfKeys: 4, lua: REVEAL_POST });
  redis.defineCommand('restoreStreak', { numberOfKeys: 11, lua: RESTORE_STREAK });
  redis.defineCommand('takeHint', { numberOfKeys: 4, lua: TAKE_HINT });
  redis.defineCommand('reportQuestion', { numberOfKeys: 3, lua: REPORT_QUESTION });
  redis.defineCommand('startMock', { numberOfKeys: 1, lua: START_MOCK });
  redis.defineCommand('updateMock', { numberOfKeys: 1, lua: UPDATE_MOCK });
  redis.defineCommand('finishMock', { numberOfKeys: 2, lua: FINISH_MOCK });
  redis.defineCommand('activatePost', { numberOfKeys: 4, lua: ACTIVATE_POST });
  redis.defineCommand('reminderSent', { numberOfKeys: 9, lua: REMINDER_SENT });
  redis.defineCommand('discardPending', { numberOfKeys: 1, lua: DISCARD_PENDING });
  redis.defineCommand('addSchedule', { numberOfKeys: 1, lua: ADD_SCHEDULE });
  redis.defineCommand('takeBudget', { lua: TAKE_BUDGET });
  redis.defineCommand('assignQuestionNumbers', { numberOfKeys: 1, lua: ASSIGN_NUMBERS });
  redis.defineCommand('presentPractice', { numberOfKeys: 8, lua: PRESENT_PRACTICE });
  redis.defineCommand('migrateState', { numberOfKeys: 7, lua: MIGRATE_STATE });
  redis.defineCommand('clearStates', { numberOfKeys: 1, lua: CLEAR_STATES });
  redis.defineCommand('leaderboard', { numberOfKeys: 3, lua: LEADERBOARD });
  return redis;
}

/** Redis could not be reached when the bot started. */
export class RedisUnavailableError extends Error {
  constructor(readonly address: string, readonly reason: string) {
    super(`Cannot reach Redis at ${address}: ${reason}`);
  }
}

/** Where a Redis URL points, without credentials: "redis://host:6379/2" or "unix:///path". */
export function redisAddress(url: string): string {
  if (url.startsWith('unix://')) return url;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || '6379'}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return '(an unparsable URL)';
  }
}

/** Resolves once the client is ready; rejects (and disconnects) on its first connection error or after `timeoutMs`. */
export function whenReady(redis: Store, url: string, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      if (!err) return resolve();
      redis.disconnect();
      reject(new RedisUnavailableError(redisAddress(url), err.message.replace(/\s+/g, ' ').trim() || 'connection failed'));
    };
    const onReady = () => done();
    const onError = (err: Error) => done(err);
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    redis.once('ready', onReady);
    redis.once('error', onError);
  });
}
