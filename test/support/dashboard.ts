import type { App } from '../../src/app.js';
import type { Invocation } from '../../src/core/command.js';
import type { Difficulty } from '../../src/domain/question.js';
import { newPostId, type PostState } from '../../src/store/posts.js';
import { ReminderRepository } from '../../src/store/reminders.js';
import type { Schedule } from '../../src/store/schedules.js';
import { startWebServer } from '../../src/web/server.js';
import { answerOption, invocationFor } from './app.js';

export const SECRET = 'test-dashboard-secret-0123456789abcdef';

/** Env that turns the dashboard on for testApp (links point at `url`, which the test's server answers). */
export const dashboardEnv = (url = 'http://127.0.0.1:1') => ({ DASHBOARD_URL: url, DASHBOARD_SECRET: SECRET });

/** The app's dashboard on a free loopback port. */
export async function startDashboard(app: App, o: { rateLimit?: number; now?: () => Date } = {}) {
  const links = app.services.dashboard;
  if (!links) throw new Error('testApp needs dashboardEnv() for the dashboard');
  return startWebServer({ app, links, rateLimit: o.rateLimit ?? 10_000, trustProxy: 0, port: 0, host: '127.0.0.1', now: o.now });
}

/** A link as /dashboard makes it, pointed at the test server (`origin`, e.g. http://127.0.0.1:4567). */
export function linkFor(app: App, origin: string, inv: Pick<Invocation, 'communityId' | 'userId' | 'isAdmin'> & { displayName?: string }, now = new Date()): string {
  const { url } = app.services.dashboard!.linkFor({ communityId: inv.communityId, userId: inv.userId, admin: inv.isAdmin, now, name: inv.displayName });
  return origin + new URL(url).pathname;
}

const FILTERS: Record<string, { topics: string[]; difficulties: Difficulty[] }> = {
  't-two-children': { topics: ['probability'], difficulties: ['medium'] },
  't-dice-sum': { topics: ['probability'], difficulties: ['easy'] },
  't-coin-hard': { topics: ['probability'], difficulties: ['hard'] },
  't-conv-params': { topics: ['cnns'], difficulties: ['easy'] },
};

/** A scheduled channel post of `questionId`, answerable (as delivery leaves it once the platform accepted it). */
export async function channelPost(app: App, communityId: string, questionId: keyof typeof FILTERS, at = new Date()): Promise<PostState> {
  const schedule: Schedule = {
    id: app.services.scheduleRepo.newId(), communityId, channelId: 'console:study', cron: '0 9 * * *', label: 'daily 09:00', timezone: 'UTC',
    filter: { tracks: [], kinds: [], ...FILTERS[questionId]! }, windowMinutes: 480, answerMode: 'both', recap: false, paused: false,
    createdBy: 'console:root', createdAt: at.getTime(),
  };
  const prepared = await app.services.scheduledPosts.preparePost(schedule, newPostId(), at);
  if (!prepared || prepared.post.questionId !== questionId) throw new Error(`could not post ${questionId}`);
  await app.services.scheduledPosts.activate(prepared.post, `msg-${prepared.post.id}`, prepared.seenKey, at);
  return prepared.post;
}

/** Answers a post right (or with the first wrong option / a wrong number). */
export async function answer(app: App, who: Invocation, post: PostState, right = true): Promise<void> {
  const q = app.bank.get(post.questionId)!;
  // While the post is open: a minute after it went out.
  const inv = { ...who, now: new Date(post.createdAt + 60_000) };
  if (q.kind === 'choice') {
    const correct = q.choices.findIndex((c) => c.correct);
    await answerOption(app, inv, post.id, right ? correct : (correct + 1) % q.choices.length);
  } else if (q.kind === 'numeric') {
    await app.services.quiz.answer(inv, post.id, { text: right ? String(q.answer.value) : String(q.answer.value * 3 + 7) });
  }
}

/** Closes a post and records its reveal as posted. */
export async function reveal(app: App, communityId: string, post: PostState, at = new Date()): Promise<void> {
  const r = await app.services.scheduledPosts.prepareReveal(communityId, post.id, at);
  if (!r) throw new Error('nothing to reveal');
  await app.services.scheduledPosts.revealed(r.post, `reveal-${post.id}`, at);
}

export const HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';

/**
 * A study group: an admin (alice), bob, 22 more players so the board has three pages, a member with a hostile
 * name, a hidden member (hana) with the most points, a team, two revealed questions and one open today.
 */
export async function seedGroup(app: App, c: string) {
  const alice = invocationFor(c, 'alice', { isAdmin: true, displayName: 'Alice Admin' });
  const bob = invocationFor(c, 'bob', { displayName: 'Bob Member' });
  const hana = invocationFor(c, 'hana', { displayName: 'Hana Hidden' });
  const evil = invocationFor(c, 'evil', { displayName: HOSTILE });
  const players = Array.from({ length: 22 }, (_, i) => invocationFor(c, `p${i}`, { displayName: `Player ${String(i).padStart(2, '0')}` }));
  await app.router.dispatch(bob, { name: 'team', sub: 'join', text: 'night-owls' });
  const first = await channelPost(app, c, 't-two-children', new Date(Date.now() - 2 * 86_400_000));
  const second = await channelPost(app, c, 't-dice-sum', new Date(Date.now() - 86_400_000));
  for (const inv of [hana, alice, bob, evil, ...players]) await answer(app, inv, first, inv !== evil);
  for (const inv of [hana, bob, evil, ...players.slice(0, 8)]) await answer(app, inv, second, inv !== players[7]);
  await reveal(app, c, first);
  await reveal(app, c, second);
  await app.services.feedback.report(bob, first.id, 'unclear', `"At least one" is ambiguous ${HOSTILE}`);
  await app.services.feedback.report(hana, first.id, 'key', 'I think the key is wrong');
  const hard = await channelPost(app, c, 't-coin-hard');
  await answer(app, hana, hard);
  await app.router.dispatch(hana, { name: 'privacy', text: 'hide' });
  // Reminder states as /remind leaves them (set in the store, so no reminder job is queued).
  const reminders = new ReminderRepository(app.redis, app.services.questionStates);
  await reminders.turnOn(c, bob.userId, '07:30');
  await reminders.turnOn(c, players[0]!.userId, '20:00');
  await reminders.turnOff(c, players[0]!.userId);
  await reminders.turnOn(c, players[1]!.userId, '20:00');
  await reminders.stop(c, players[1]!.userId, 'the bot cannot send you direct messages', Date.now());
  const today = await channelPost(app, c, 't-conv-params');
  await answer(app, bob, today);
  return { alice, bob, hana, evil, players, posts: { first, second, hard, today } };
}
