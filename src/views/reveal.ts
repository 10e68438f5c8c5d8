import type { Reply } from '../core/reply.js';
import type { Question } from '../domain/question.js';
import type { PostState } from '../store/posts.js';
import { choiceLines, questionHeader, referenceFields, selfAssessButtons } from './question.js';
import { SELF_EMOJI } from '../core/action-ids.js';
import { formatEntry } from '../services/boards.js';
import type { BoardEntry } from '../store/boards.js';

export interface RevealStats {
  answered: number;
  correct: number;
  firstCorrectName?: string;
  streakLeaders: { name: string; streak: number }[];
}

/** The public reveal: the answer, why, and how the channel did. */
export function revealCard(q: Question, post: PostState, stats: RevealStats): Reply {
  const lines: string[] = [];
  if (stats.answered === 0) lines.push('Nobody answered this one.');
  else if (q.kind === 'open') lines.push(`${stats.answered} answered. Compare yours with the key points and mark how you did.`);
  else {
    const share = Math.round((100 * stats.correct) / stats.answered);
    lines.push(`${stats.answered} answered · ${share}% correct.`);
    lines.push(stats.firstCorrectName ? `⚡ First correct: **${stats.firstCorrectName}**` : 'Nobody got it right this time.');
  }
  if (stats.streakLeaders.length) {
    lines.push(`🔥 Streak leaders: ${stats.streakLeaders.map((l) => `${l.name} (${l.streak})`).join(', ')}`);
  }
  return {
    visibility: 'channel',
    tone: 'info',
    title: `✅ Answer revealed · ${questionHeader(q)}`,
    body: `${q.prompt}\n\n${lines.join('\n')}`,
    fields: referenceFields(q),
    buttons: q.kind === 'open' ? selfAssessButtons(post.id) : undefined,
    reactions: q.kind === 'open' ? [SELF_EMOJI.got, SELF_EMOJI.partly, SELF_EMOJI.missed] : undefined,
    postId: post.id,
  };
}

/** What the original question post becomes once closed, so nobody answers a closed question. */
export function closedCard(q: Question): Reply {
  return {
    visibility: 'channel',
    tone: 'info',
    title: `⏰ Closed · ${questionHeader(q)}`,
    body: [q.prompt, choiceLines(q)].filter(Boolean).join('\n\n'),
    footer: 'Answers are closed; the reveal is posted below.',
  };
}

export function recapCard(week: string, people: BoardEntry[], teams: BoardEntry[], hardest?: { q: Question; share: number }): Reply {
  const fields = [
    { name: 'Top learners', value: people.length ? people.map(formatEntry).join('\n') : 'Nobody scored last week.' },
  ];
  if (teams.length) fields.push({ name: 'Team standings', value: teams.map(formatEntry).join('\n') });
  if (hardest) fields.push({ name: 'Hardest question', value: `${hardest.q.prompt.slice(0, 300)}${hardest.q.prompt.length > 300 ? '…' : ''}\n(${Math.round(hardest.share * 100)}% correct)` });
  return { visibility: 'channel', tone: 'info', title: `📈 Weekly recap · ${week}`, body: 'How the study group did last week.', fields };
}
