import { actionIds, CHOICE_EMOJI, SELF_EMOJI, SELF_LEVELS } from '../core/action-ids.js';
import type { Button, Field, Reply } from '../core/reply.js';
import { CHOICE_LETTERS, correctIndex, type Question } from '../domain/question.js';
import { choiceOrder, shownPosition } from '../domain/choice-order.js';
import { formatNumber, optionIndex, type Grade } from '../domain/grading.js';
import type { Post } from '../store/posts.js';

const DIFFICULTY_BADGE = { easy: '🟢 easy', medium: '🟡 medium', hard: '🔴 hard' } as const;

export function questionHeader(q: Question): string {
  return `${q.track} · ${q.topic} · ${DIFFICULTY_BADGE[q.difficulty]}`;
}

/** The order the post `postId` shows the question's options in (order[shown] = file index). */
export function postOrder(q: Question, postId: string): number[] {
  return q.kind === 'choice' ? choiceOrder(postId, q.choices.length) : [];
}

export function choiceLines(q: Question, postId: string): string {
  if (q.kind !== 'choice') return '';
  return postOrder(q, postId).map((orig, i) => `**${CHOICE_LETTERS[i]}.** ${q.choices[orig]!.text}`).join('\n');
}

function answerHowTo(q: Question, post: Post, channel: boolean): string {
  if (q.kind === 'choice') {
    const ways = [];
    if (!channel || post.answerMode !== 'reactions') ways.push('press a button');
    if (channel && post.answerMode !== 'buttons') ways.push(`react with ${CHOICE_EMOJI.slice(0, q.choices.length).join(' ')}`);
    ways.push('type `/answer B`');
    return `Answer: ${ways.join(', or ')}.`;
  }
  if (q.kind === 'numeric') return 'Answer with `/answer <number>` (0.25, 1/4 and 25% all work) or press Answer.';
  return 'Answer in your own words with `/answer <text>` or press Answer; you will then compare it with the key points.';
}

export const hintButton = (postId: string): Button => ({ actionId: actionIds.hint(postId), label: '💡 Hint (½ points)', style: 'secondary' });
export const reportButton = (postId: string): Button => ({ actionId: actionIds.report(postId), label: '🚩 Report', style: 'secondary' });

/**
 * The card that shows a question, for a personal /quiz or a channel post. The hint is never printed on it: a Hint
 * button (or `/hint`) shows it privately, when the question has one and `hint` is not false (channel hints can be off).
 */
export function questionCard(q: Question, post: Post, opts: { channel: boolean; closesAtText?: string; hint?: boolean }): Reply {
  const body = [q.prompt, choiceLines(q, post.id)].filter(Boolean).join('\n\n');
  const buttons: Button[] = [];
  if (q.kind === 'choice' && (!opts.channel || post.answerMode !== 'reactions')) {
    q.choices.forEach((_, i) => buttons.push({ actionId: actionIds.answer(post.id, i), label: CHOICE_LETTERS[i]!, style: 'primary' }));
  } else if (q.kind !== 'choice') {
    buttons.push({ actionId: actionIds.ask(post.id), label: 'Answer', style: 'primary' });
  }
  const footerParts = [answerHowTo(q, post, opts.channel)];
  if (opts.closesAtText) footerParts.push(`Open until ${opts.closesAtText}.`);
  if (q.hint && opts.hint !== false) {
    buttons.push(hintButton(post.id));
    footerParts.push('Stuck? Hint (or /hint) shows a hint to you alone; a correct answer then scores half.');
  }
  return {
    visibility: opts.channel ? 'channel' : 'private',
    tone: 'question',
    title: opts.channel ? `📅 Question of the day · ${questionHeader(q)}` : questionHeader(q),
    body,
    buttons,
    footer: footerParts.join(' '),
    reactions: opts.channel && q.kind === 'choice' && post.answerMode !== 'buttons' ? CHOICE_EMOJI.slice(0, q.choices.length) : undefined,
    postId: post.id,
  };
}

/** The reference answer (lettered as the post `postId` showed it): correct option, numeric value, or key points and model answer. */
export function referenceFields(q: Question, postId: string): Field[] {
  switch (q.kind) {
    case 'choice': {
      const i = correctIndex(q);
      const letter = CHOICE_LETTERS[shownPosition(postOrder(q, postId), i)];
      return [{ name: 'Answer', value: `**${letter}.** ${q.choices[i]!.text}` }, { name: 'Why', value: q.explanation }];
    }
    case 'numeric':
      return [
        { name: 'Answer', value: `${formatNumber(q.answer.value)}${q.answer.tolerance > 0 ? ` (± ${formatNumber(q.answer.tolerance)})` : ''}` },
        { name: 'Working', value: q.explanation },
      ];
    case 'open':
      return [
        { name: 'Key points', value: q.keyPoints.map((p) => `• ${p}`).join('\n') },
        { name: 'Model answer', value: q.modelAnswer },
      ];
  }
}

/** An answer as the user saw it: "C. <option text>" with the post's letters, the number, or the text. */
export function describeGrade(q: Question, g: Grade, postId: string): string {
  if (g.kind === 'choice' && q.kind === 'choice') {
    const i = optionIndex(q, g);
    return i < 0 ? '(an option that has since changed)' : `${CHOICE_LETTERS[shownPosition(postOrder(q, postId), i)]}. ${q.choices[i]!.text}`;
  }
  if (g.kind === 'numeric') return formatNumber(g.given);
  if (g.kind === 'open') return g.text;
  return '';
}

export function selfAssessButtons(postId: string): Button[] {
  const labels = { got: 'Got it', partly: 'Partly', missed: 'Missed it' } as const;
  return SELF_LEVELS.map((l) => ({ actionId: actionIds.assess(postId, l), label: `${SELF_EMOJI[l]} ${labels[l]}`, style: l === 'got' ? 'success' : l === 'missed' ? 'danger' : 'secondary' }));
}
