import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/ops/logger.js';
import type { Invocation } from '../../src/core/command.js';
import type { Bank } from '../../src/domain/bank.js';
import { testRedisUrl, freshCommunity } from './redis.js';
import { testBank } from './bank.js';

/** The real app (router, services, Redis store) on the suite's throwaway Redis. */
/**
 * Test files that run schedulers pass their own `db` (1-15): schedules and the reveal queue are global
 * within a Redis database, so this keeps one file's scheduler away from another file's posts.
 */
export async function testApp(opts: { bank?: Bank; env?: Record<string, string>; db?: number } = {}): Promise<App> {
  const config = loadConfig({ DEFAULT_TIMEZONE: 'UTC', ...opts.env });
  return createApp({ config, redisUrl: testRedisUrl(), bank: opts.bank ?? testBank(), log: createLogger('silent'), redisDb: opts.db });
}

export function invocationFor(communityId: string, user: string, extra: Partial<Invocation> = {}): Invocation {
  return {
    platform: 'console', communityId, channelId: 'console:main', userId: `console:${user}`, displayName: user,
    isAdmin: false, now: new Date(), ...extra,
  };
}

export { freshCommunity };
