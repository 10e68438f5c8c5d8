import { actionIds } from '../core/action-ids.js';
import { instant, type Reply } from '../core/reply.js';
import type { Grade } from '../domain/grading.js';
import type { Question } from '../domain/question.js';
import type { Post } from '../store/posts.js';
import { describeGrade, referenceFields, reportButton, selfAssessButtons } from './question.js';

export function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** The private result of a personal question: verdict, reference answer, and the next step. */
export function personalResult(q: Question, post: Post, grade: Grade, points: number, streak: number, streakNews = '', hinted = false): Reply {
  const next = { actionId: post.next ?? actionIds.next(q.topic, undefined), label: post.next === actionIds.review() ? 'Next review' : 'Another question', style: 'secondary' as const };
  const streakText = `🔥 Streak: ${days(streak)}.${streakNews ? ` ${streakNews}` : ''}`;
  if (grade.kind === 'open') {
    return {
      visibility: 'private', tone: 'info', title: 'Answer recorded: how did you do?',
      body: `Compare your answer with the key points, then mark how you did. ${streakText}`,
      fields: referenceFields(q, post.id), buttons: [...selfAssessButtons(post.id), next, reportButton(post.id)], postId: post.id,
    };
  }
  const verdict = grade.correct
    ? `✅ Correct!${points > 0 ? ` +${points} points${hinted ? ' (half, after the hint)' : ''}.` : ' (No points: you have scored this question before.)'}`
    : `❌ Not quite: you answered **${clip(describeGrade(q, grade, post.id), 80)}**.`;
  return {
    visibility: 'private', tone: grade.correct ? 'success' : 'error', title: verdict,
    body: streakText, fields: referenceFields(q, post.id), buttons: [next, reportButton(post.id)], postId: post.id,
  };
}

/** The private receipt for an answer to a channel post (the answer is revealed later). */
export function channelReceipt(q: Question, post: Post, grade: Grade, timezone: string, hinted = false): Reply {
  const when = post.closesAt > 0 ? ` The answer is revealed ${instant(post.closesAt, timezone)}.` : '';
  const hint = hinted ? ' You took the hint, so a correct answer scores half.' : '';
  return { visibility: 'private', tone: 'success', body: `Recorded your answer **${clip(describeGrade(q, grade, post.id), 80)}**.${when}${hint}` };
}

/** A channel question and a practice question are both open here: the user picks one with two private buttons. */
export function pickBetween(title: string, body: string, channelActionId: string, personalActionId: string): Reply {
  return {
    visibility: 'private', tone: 'question', title, body,
    buttons: [
      { actionId: channelActionId, label: "Today's channel question", style: 'primary' },
      { actionId: personalActionId, label: 'Your practice question', style: 'secondary' },
    ],
  };
}

/** Two open questions would both take this answer: the user picks; nothing is recorded until then. */
export function pickQuestion(answer: string, channelPostId: string, personalPostId: string, token: string): Reply {
  return pickBetween(
    'Which question is this answer for?',
    `You have two open questions here, and **${clip(answer, 80)}** fits both. Pick one; nothing is recorded until you do.`,
    actionIds.pick(channelPostId, token), actionIds.pick(personalPostId, token),
  );
}

/** `/answer` with no text while two questions are open: open the form of the one the user picks. */
export function pickForm(channelPostId: string, personalPostId: string): Reply {
  return pickBetween('Which question do you want to answer?', 'You have two open questions here.', actionIds.ask(channelPostId), actionIds.ask(personalPostId));
}
