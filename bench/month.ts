/**
 * A simulated month of one community, played through the real services (the code the commands and delivery jobs
 * call): a daily channel question that 60% of the members answer, and practice questions (/quiz) for the rest of
 * each member's 30 answers, with self-assessments, some hints and teams. Used by the memory benchmark.
 */
import type { Invocation } from '../src/core/command.js';
import type { Reply } from '../src/core/reply.js';
import type { Question } from '../src/domain/question.js';
import { postOrder } from '../src/views/question.js';
import type { Services } from '../src/services/services.js';
import type { Schedule } from '../src/store/schedules.js';
import { postIdFor } from '../src/store/posts.js';
import { seededRandom } from '../src/domain/choice-order.js';

export interface MonthPlan {
  users: number;
  days: number;
  answersPerUser: number;
  channelShare: number;
  start: Date;
  seed?: number;
}

export interface MonthResult { answers: number; channelAnswers: number; practiceAnswers: number; activeUsers: number; seconds: number }

/** A small deterministic generator, so two runs simulate the same month. */
export const rng = seededRandom;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPEN_WORDS = 'bias variance the gradient shrinks because regularisation trades a little bias for lower variance on held out data'.split(' ');

/** Discord-like ids: an 18-digit snowflake per member, a display name of 5-12 letters. */
export function members(n: number, random: () => number): { id: string; name: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const snowflake = `1${String(Math.floor(random() * 1e9)).padStart(9, '0')}${String(i).padStart(8, '0')}`;
    const len = 5 + Math.floor(random() * 8);
    const name = Array.from({ length: len }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
    return { id: `discord:${snowflake}`, name };
  });
}

/** What a member answers: right about 60% of the time; open answers are a sentence. */
function answerFor(q: Question, postId: string, random: () => number): { choice: number } | { text: string } {
  const right = random() < 0.6;
  if (q.kind === 'choice') {
    const correct = q.choices.findIndex((c) => c.correct);
    const file = right ? correct : (correct + 1 + Math.floor(random() * (q.choices.length - 1))) % q.choices.length;
    return { choice: postOrder(q, postId).indexOf(file) };
  }
  if (q.kind === 'numeric') return { text: String(right ? q.answer.value : q.answer.value * 1.5 + 1) };
  const words = 8 + Math.floor(random() * 12);
  return { text: Array.from({ length: words }, () => OPEN_WORDS[Math.floor(random() * OPEN_WORDS.length)]).join(' ') };
}

/** A question card's prompt: its body without the lettered options. */
function promptOf(body: string): string {
  const cut = body.lastIndexOf('\n\n**A.** ');
  return cut >= 0 ? body.slice(0, cut) : body;
}

/** Runs `tasks` with at most `concurrency` in flight, in the order given. */
async function pool(tasks: (() => Promise<unknown>)[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  }));
}

export async function simulateMonth(services: Services, communityId: string, plan: MonthPlan, progress?: (day: number) => void): Promise<MonthResult> {
  const random = rng(plan.seed ?? 42);
  const people = members(plan.users, random);
  const channelId = 'discord:1100000000000000001';
  const at = (day: number, ms: number) => new Date(plan.start.getTime() + day * DAY + ms);
  const inv = (who: { id: string; name: string }, now: Date): Invocation => ({
    platform: 'discord', communityId, channelId, userId: who.id, displayName: who.name, isAdmin: false, now,
  });
  const byPrompt = new Map(services.bank.questions.map((q) => [q.prompt, q]));
  const started = Date.now();
  let channelAnswers = 0;
  let practiceAnswers = 0;
  const active = new Set<string>();

  // A third of the members join one of 20 teams.
  await pool(people.filter(() => random() < 0.3).map((p, i) => () => services.teams.join(inv(p, plan.start), `team-${i % 20}`)), 32);

  const schedule: Schedule = {
    id: 'bench0001', communityId, channelId, cron: '0 9 * * *', label: 'daily 09:00', timezone: 'UTC',
    filter: { tracks: [], topics: [], difficulties: [], kinds: [] }, windowMinutes: 8 * 60, answerMode: 'both', recap: true,
    paused: false, createdBy: people[0]!.id, createdAt: plan.start.getTime(),
  };
  await services.scheduleRepo.save(schedule);

  // Each member's practice days: the answers the channel question does not give them, spread over the month.
  const practicePerUser = Math.max(0, Math.round(plan.answersPerUser - plan.days * plan.channelShare));
  const practiceDays = people.map(() => {
    const days = new Set<number>();
    while (days.size < Math.min(practicePerUser, plan.days)) days.add(Math.floor(random() * plan.days));
    return days;
  });

  for (let day = 0; day < plan.days; day++) {
    // 09:00 the question of the day goes out; it closes at 17:00.
    const slot = at(day, 9 * HOUR);
    const prepared = await services.scheduledPosts.preparePost(schedule, postIdFor(`bench:${day}`), slot);
    if (!prepared) throw new Error('the schedule matched no question');
    await services.scheduledPosts.activate(prepared.post, `m${day}q`, prepared.seenKey, slot);
    const post = prepared.post;
    const question = services.bank.get(post.questionId)!;

    type Event = { t: number; run: () => Promise<unknown> };
    const events: Event[] = [];
    people.forEach((p, i) => {
      if (random() < plan.channelShare) {
        const t = 9 * HOUR + Math.floor(random() * 8 * HOUR - 60_000);
        const input = answerFor(question, post.id, random);
        const hint = question.hint && random() < 0.05;
        events.push({
          t, run: async () => {
            if (hint) await services.feedback.hint(inv(p, at(day, t - 30_000)), post.id);
            await services.quiz.answer(inv(p, at(day, t)), post.id, input);
            channelAnswers++;
            active.add(p.id);
          },
        });
      }
      if (practiceDays[i]!.has(day)) {
        const t = Math.floor(random() * (DAY - 10 * 60_000));
        const r = random();
        events.push({
          t, run: async () => {
            const card: Reply = await services.quiz.ask(inv(p, at(day, t)));
            const q = byPrompt.get(promptOf(card.body));
            if (!card.postId || !q) throw new Error('a /quiz card without its post or question');
            if (q.hint && r < 0.1) await services.feedback.hint(inv(p, at(day, t + 30_000)), card.postId);
            await services.quiz.answer(inv(p, at(day, t + 60_000)), card.postId, answerFor(q, card.postId, random));
            if (q.kind === 'open') await services.quiz.selfAssess(inv(p, at(day, t + 120_000)), card.postId, r < 0.5 ? 'got' : r < 0.8 ? 'partly' : 'missed');
            practiceAnswers++;
            active.add(p.id);
          },
        });
      }
    });
    events.sort((a, b) => a.t - b.t);
    await pool(events.map((e) => e.run), 32);

    // 17:00 the reveal; half of those who answered an open question assess themselves on it.
    const revealAt = at(day, 17 * HOUR);
    const reveal = await services.scheduledPosts.prepareReveal(communityId, post.id, revealAt);
    if (reveal) await services.scheduledPosts.revealed(reveal.post, `m${day}r`, revealAt);
    if (question.kind === 'open') {
      const assessing = people.filter(() => random() < plan.channelShare * 0.5);
      await pool(assessing.map((p) => () => services.quiz.selfAssess(inv(p, at(day, 18 * HOUR)), post.id, 'partly').catch(() => undefined)), 32);
    }
    progress?.(day);
  }
  return { answers: channelAnswers + practiceAnswers, channelAnswers, practiceAnswers, activeUsers: active.size, seconds: (Date.now() - started) / 1000 };
}
