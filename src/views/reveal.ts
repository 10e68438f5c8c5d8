import type { Reply } from '../core/reply.js';
import { CHOICE_LETTERS, correctIndex, type Question } from '../domain/question.js';
import type { Tally } from '../domain/tally.js';
import type { PostState } from '../store/posts.js';
import { choiceLines, postOrder, questionHeader, referenceFields, reportButton, selfAssessButtons } from './question.js';
import { SELF_EMOJI } from '../core/action-ids.js';
import { formatEntry } from '../services/boards.js';
import type { BoardEntry } from '../store/boards.js';

export interface RevealStats {
  answered: number;
  correct: number;
  firstCorrectName?: string;
  /** The first correct answerer hides from boards (`/privacy hide`): the reveal does not name them. */
  firstCorrectHidden?: boolean;
  streakLeaders: { name: string; streak: number }[];
  /** How the channel answered, per option or per numeric bucket. */
  tally?: Tally;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function bar(count: number, total: number): string {
  const filled = total === 0 ? 0 : Math.round((8 * count) / total);
  return `${'▰'.repeat(filled)}${'▱'.repeat(8 - filled)}`;
}

/** "A ▰▰▰▱▱▱▱▱ 3 (30%)" per option in the post's order, or the correct / close / wrong split. */
export function distributionLines(q: Question, postId: string, tally: Tally | undefined): string[] {
  if (!tally || tally.answered === 0) return [];
  const pct = (n: number) => `${Math.round((100 * n) / tally.answered)}%`;
  if (tally.kind === 'choice' && q.kind === 'choice') {
    const key = correctIndex(q);
    return postOrder(q, postId).map((orig, shown) => {
      const n = tally.byOption[orig] ?? 0;
      return `**${CHOICE_LETTERS[shown]}** ${bar(n, tally.answered)} ${n} (${pct(n)})${orig === key ? ' ✅' : ''}`;
    });
  }
  if (tally.kind === 'numeric') {
    return [
      `✅ correct ${bar(tally.correct, tally.answered)} ${tally.correct} (${pct(tally.correct)})`,
      `≈ close ${bar(tally.close, tally.answered)} ${tally.close} (${pct(tally.close)})`,
      `❌ wrong ${bar(tally.wrong, tally.answered)} ${tally.wrong} (${pct(tally.wrong)})`,
    ];
  }
  return [];
}

/** The public reveal: the answer, why, and how the channel did. */
export function revealCard(q: Question, post: PostState, stats: RevealStats): Reply {
  const lines: string[] = [];
  if (stats.answered === 0) lines.push('Nobody answered this one.');
  else if (q.kind === 'open') lines.push(`${plural(stats.answered, 'answer')}. Compare yours with the key points and mark how you did.`);
  else {
    const share = Math.round((100 * stats.correct) / stats.answered);
    lines.push(`${plural(stats.answered, 'answer')} · ${share}% correct.`);
    const spread = distributionLines(q, post.id, stats.tally);
    if (spread.length) lines.push(spread.join('\n'));
    lines.push(stats.firstCorrectName ? `⚡ First correct: **${stats.firstCorrectName}**`
      : stats.firstCorrectHidden ? '⚡ First correct: someone who keeps their name off the boards.' : 'Nobody got it right this time.');
  }
  if (stats.streakLeaders.length) {
    lines.push(`🔥 Streak leaders: ${stats.streakLeaders.map((l) => `${l.name} (${l.streak})`).join(', ')}`);
  }
  return {
    visibility: 'channel',
    tone: 'info',
    title: `✅ Answer revealed · ${questionHeader(q)}`,
    body: `${q.prompt}\n\n${lines.join('\n')}`,
    fields: referenceFields(q, post.id),
    buttons: [...(q.kind === 'open' ? selfAssessButtons(post.id) : []), reportButton(post.id)],
    reactions: q.kind === 'open' ? [SELF_EMOJI.got, SELF_EMOJI.partly, SELF_EMOJI.missed] : undefined,
    postId: post.id,
  };
}

/** What the original question post becomes once closed, so nobody answers a closed question. */
export function closedCard(q: Question, postId: string): Reply {
  return {
    visibility: 'channel',
    tone: 'info',
    title: `⏰ Closed · ${questionHeader(q)}`,
    body: [q.prompt, choiceLines(q, postId)].filter(Boolean).join('\n\n'),
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
