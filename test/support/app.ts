import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/ops/logger.js';
import type { Invocation } from '../../src/core/command.js';
import type { Reply } from '../../src/core/reply.js';
import type { Bank } from '../../src/domain/bank.js';
import { isolatedRedis, freshCommunity } from './redis.js';
import { testBank } from './bank.js';
import { postOrder } from '../../src/views/question.js';

/** The real app (router, services, Redis store) on the suite's throwaway Redis. */
/**
 * Test files that run schedulers pass their own `db` (1-15): the schedule index and the delivery queues span
 * communities, so this keeps one file's scheduler away from another file's posts (see isolatedRedis).
 */
export async function testApp(opts: { bank?: Bank; env?: Record<string, string>; db?: number } = {}): Promise<App> {
  const config = loadConfig({ DEFAULT_TIMEZONE: 'UTC', ...opts.env });
  const redis = await isolatedRedis(opts.db);
  return createApp({ config, redisUrl: redis.url, bank: opts.bank ?? testBank(), log: createLogger('silent'), redisDb: redis.db });
}

export function invocationFor(communityId: string, user: string, extra: Partial<Invocation> = {}): Invocation {
  return {
    platform: 'console', communityId, channelId: 'console:main', userId: `console:${user}`, displayName: user,
    isAdmin: false, now: new Date(), ...extra,
  };
}

export { freshCommunity };

/** Where a post shows an option: options are shuffled per post, so tests look up the shown letter. */
export function shown(app: App, postId: string, questionId: string, option: 'correct' | number = 'correct'): { index: number; letter: string } {
  const q = app.bank.get(questionId);
  if (!q || q.kind !== 'choice') throw new Error(`${questionId} is not a choice question`);
  const file = option === 'correct' ? q.choices.findIndex((c) => c.correct) : option;
  const index = postOrder(q, postId).indexOf(file);
  return { index, letter: 'ABCDE'[index]! };
}

/** Answers a post with the option that is `fileIndex` in the question file, pressing the button the post shows for it. */
export async function answerOption(app: App, inv: Invocation, postId: string, fileIndex: number): Promise<Reply> {
  const post = await app.services.posts.get(inv.communityId, postId);
  if (!post) throw new Error(`no post ${postId}`);
  return app.services.quiz.answer(inv, postId, { choice: shown(app, postId, post.questionId, fileIndex).index });
}
