/**
 * Seeds realistic study histories through the same services the commands use: personal questions and reviews
 * answered day by day on a moved clock, so the answer script writes cards, streaks, activity and boards as in use.
 * Used by `npm run render:example` and the render benchmark.
 */
import { postOrder } from '../src/views/question.js';
import type { Invocation } from '../src/core/command.js';
import type { Services } from '../src/services/services.js';
import type { Question, Track } from '../src/domain/question.js';

export { seededRandom } from '../src/domain/choice-order.js';

/** Answers the post right or wrong (open questions: answered, then self-assessed got it / missed it). */
export async function answerPost(services: Services, inv: Invocation, postId: string, right: boolean): Promise<void> {
  const post = await services.posts.get(inv.communityId, postId);
  const q = post && services.bank.get(post.questionId);
  if (!q) throw new Error(`no question behind post ${postId}`);
  if (q.kind === 'choice') {
    const correct = q.choices.findIndex((c) => c.correct);
    const order = postOrder(q, postId);
    const shown = order.indexOf(correct);
    await services.quiz.answer(inv, postId, { choice: right ? shown : (shown + 1) % order.length });
  } else if (q.kind === 'numeric') {
    const v = q.answer.value;
    await services.quiz.answer(inv, postId, { text: String(right ? v : v + 10 * Math.max(1, Math.abs(v)) + 100 * q.answer.tolerance + 1) });
  } else {
    await services.quiz.answer(inv, postId, { text: 'My answer, in my own words.' });
    await services.quiz.selfAssess(inv, postId, right ? 'got' : 'missed');
  }
}

export interface Learner {
  userId: string;
  name: string;
  /** Chance of a right answer per track. */
  skill: Partial<Record<Track, number>>;
  /** How often each track is practised (relative weights). */
  focus: Partial<Record<Track, number>>;
  /** Chance of studying on a given day, and questions per study day. */
  studyRate: number;
  perDay: [number, number];
  team?: string;
}

/** `days` days of study ending on the day of `end`: each study day, the due reviews first, then new questions. */
export async function seedLearner(services: Services, communityId: string, l: Learner, end: Date, days: number, random: () => number): Promise<number> {
  const tracks = Object.entries(l.focus) as [Track, number][];
  const weight = tracks.reduce((n, [, w]) => n + w, 0);
  const pickTrack = (): Track => {
    let r = random() * weight;
    for (const [t, w] of tracks) { r -= w; if (r <= 0) return t; }
    return tracks[0]![0];
  };
  let answered = 0;
  for (let d = days - 1; d >= 0; d--) {
    if (d > 0 && random() > l.studyRate) continue;
    const now = new Date(end.getTime() - d * 86_400_000 - Math.floor(random() * 8) * 3_600_000);
    const inv: Invocation = { platform: 'console', communityId, channelId: 'console:main', userId: l.userId, displayName: l.name, isAdmin: false, now };
    if (l.team && answered === 0) await services.teams.join(inv, l.team);
    const count = l.perDay[0] + Math.floor(random() * (l.perDay[1] - l.perDay[0] + 1));
    for (let i = 0; i < count; i++) {
      const review = i < count / 2 ? await services.quiz.review(inv) : undefined;
      const card = review?.postId ? review : await services.quiz.ask(inv, pickTrack());
      const q: Question | undefined = card.postId ? services.bank.get((await services.posts.get(communityId, card.postId))!.questionId) : undefined;
      if (!q || !card.postId) continue;
      await answerPost(services, inv, card.postId, random() < (l.skill[q.track] ?? 0.6) + (review?.postId ? 0.1 : 0));
      answered++;
    }
  }
  return answered;
}
