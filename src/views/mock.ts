import { mockActionIds, SELF_EMOJI, SELF_LEVELS } from '../core/action-ids.js';
import type { Button, Field, Reply } from '../core/reply.js';
import { shownPosition } from '../domain/choice-order.js';
import { formatNumber, MAX_ANSWER_LENGTH } from '../domain/grading.js';
import {
  compareWithPrevious, minutesLeft, percent, type MockEnd, type MockReport, type MockScope, type MockSession, type MockSummary, type Verdict,
} from '../domain/mock.js';
import { CHOICE_LETTERS, correctIndex, type Question } from '../domain/question.js';
import { clip } from './answer.js';
import { choiceLines, postOrder, questionHeader, referenceFields, reportButton } from './question.js';
import { formatInstant } from './time.js';

const TITLE = '🎤 Mock interview';
const STOP_HINT = '`/mock stop` ends the mock early.';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const score = (n: number) => formatNumber(n);
export const scopeLabel = (scope: MockScope) => (scope === 'mixed' ? 'mixed' : `${scope} track`);

/** 45s, 3m 05s */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

function roleOf(s: MockSession, index: number, q: Question): string {
  if (index === 0) return 'Warm-up';
  if (index === s.items.length - 1 && q.kind === 'open') return 'Final prompt';
  return 'Core';
}

/** A Report button for question `n` of a mock (its result is shown, so it can be reported). */
const reportQuestion = (postId: string, n: number): Button => ({ ...reportButton(postId), label: `🚩 Report Q${n}` });

/**
 * The question the mock is asking now, with the time left; `lead` says what became of the previous answer, and
 * `reported` is that question, which gets a Report button (at most 5 letters, Skip and Report: two rows on Discord).
 */
export function mockQuestionCard(s: MockSession, q: Question, now: number, lead?: string, reported?: { postId: string; n: number }): Reply {
  const { postId } = s.items[s.index]!;
  const buttons: Button[] = q.kind === 'choice'
    ? q.choices.map((_, i) => ({ actionId: mockActionIds.answer(postId, i), label: CHOICE_LETTERS[i]!, style: 'primary' as const }))
    : [{ actionId: mockActionIds.ask(postId), label: 'Answer', style: 'primary' }];
  buttons.push({ actionId: mockActionIds.skip(postId), label: 'Skip', style: 'secondary' });
  if (reported) buttons.push(reportQuestion(reported.postId, reported.n));
  const how = q.kind === 'choice' ? 'Press a letter or type `/answer B`.'
    : q.kind === 'numeric' ? 'Answer with `/answer <number>` (0.25, 1/4 and 25% all work) or press Answer.'
      : 'Answer in your own words with `/answer <text>` or press Answer; you compare it with the key points at the end.';
  return {
    visibility: 'private', tone: 'question',
    title: `${TITLE} · question ${s.index + 1} of ${s.items.length} · ⏱ ${minutesLeft(s, now)} min left`,
    body: [lead, `**${roleOf(s, s.index, q)}** · ${questionHeader(q)}`, q.prompt, choiceLines(q, postId)].filter(Boolean).join('\n\n'),
    buttons, footer: `${how} ${STOP_HINT}`, postId,
  };
}

/** The reference answer in a few words: the correct option as this post lettered it, or the number. */
function shortAnswer(q: Question, postId: string): string {
  if (q.kind === 'choice') {
    const i = correctIndex(q);
    return `${CHOICE_LETTERS[shownPosition(postOrder(q, postId), i)]}. ${clip(q.choices[i]!.text, 80)}`;
  }
  if (q.kind === 'numeric') return `${formatNumber(q.answer.value)}${q.answer.tolerance > 0 ? ` (± ${formatNumber(q.answer.tolerance)})` : ''}`;
  return '';
}

/** What became of question `n`, shown above the next card. */
export function verdictLine(n: number, q: Question | undefined, postId: string, verdict: Verdict): string {
  switch (verdict) {
    case 'c': return `✅ Question ${n}: correct.`;
    case 'w': return `❌ Question ${n}: not quite. The answer: **${q ? shortAnswer(q, postId) : '?'}**.`;
    case 's': return `⏭️ Question ${n} skipped.`;
    default: return `📝 Question ${n}: answer recorded. You compare it with the key points at the end.`;
  }
}

export function mockForm(q: Question, postId: string): Reply {
  const numeric = q.kind === 'numeric';
  return {
    visibility: 'private', body: 'Type your answer with `/answer <text>`.',
    form: {
      actionId: mockActionIds.form(postId), title: 'Your answer', label: numeric ? 'A number (0.25, 1/4, 25%)' : 'Your answer',
      placeholder: numeric ? 'e.g. 0.25' : 'Explain in a few sentences', maxLength: numeric ? 100 : MAX_ANSWER_LENGTH,
    },
  };
}

/** After the last question (or the time): the user compares an open answer with the key points. */
export function assessCard(index: number, q: Question, postId: string, answer: string, k: number, m: number, lead?: string): Reply {
  const labels = { got: 'Got it', partly: 'Partly', missed: 'Missed it' } as const;
  return {
    visibility: 'private', tone: 'question', title: `${TITLE} · self-assessment ${k} of ${m}`,
    body: [lead, `**Question ${index + 1}** · ${questionHeader(q)}`, q.prompt, `**Your answer:** ${clip(answer, 1200)}`,
      'Compare your answer with the key points, then mark how you did.'].filter(Boolean).join('\n\n'),
    fields: referenceFields(q, postId),
    buttons: [
      ...SELF_LEVELS.map((l): Button => ({ actionId: mockActionIds.assess(postId, l), label: `${SELF_EMOJI[l]} ${labels[l]}`, style: l === 'got' ? 'success' : l === 'missed' ? 'danger' : 'secondary' })),
      reportQuestion(postId, index + 1),
    ],
  };
}

const ENDED: Record<MockEnd, string> = { time: '⏰ Time is up', done: '🏁 All questions answered', stop: '⏹️ Stopped early' };

function icon(verdict: Verdict | undefined, seconds: number | undefined): string {
  if (verdict === undefined) return seconds === undefined ? '➖ not reached' : '⏰ no answer';
  return { c: '✅', w: '❌', s: '⏭️ skipped', o: '📝 not assessed', g: '✅ got it', p: '🤔 partly', m: '❌ missed it' }[verdict];
}

const trackLine = (track: string, [got, max]: [number, number], before?: number) =>
  `**${track}** ${score(got)}/${max} (${percent(got, max)}%)${before === undefined ? '' : ` · your earlier mocks: ${before}%`}`;

/** The "Work on" field when no topic was missed. */
function nothingToWorkOn(r: MockReport): string {
  const unanswered = r.questions.filter((l) => l.verdict === undefined).length;
  if (unanswered === r.questions.length) return 'No answers to learn from this time. `/quiz` is a gentler start.';
  if (unanswered > 0) return `Nothing you answered was missed; ${plural(unanswered, 'question')} got no answer.`;
  return 'Nothing missed. Try a longer mock, a single track, or less time.';
}

/** The report card: score by track, time per question, topics to work on, and how it compares with earlier mocks. */
export function reportCard(r: MockReport, tz: string, lead?: string): Reply {
  const s = r.summary;
  const cmp = compareWithPrevious(r);
  const lines = r.questions.map((l) => {
    const what = l.question ? `${l.question.track} · ${l.question.topic} · ${l.question.difficulty}` : 'a retired question';
    return `${l.n}. ${icon(l.verdict, l.seconds)} · ${what}${l.seconds === undefined ? '' : ` · ${duration(l.seconds)}`}`;
  });
  const fields: Field[] = [
    { name: 'Score by track', value: Object.entries(s.tracks).map(([t, v]) => trackLine(t, v, cmp?.tracks[t])).join('\n') || 'No questions.' },
    {
      name: 'Work on',
      value: r.weakest.length
        ? r.weakest.map((w) => `**${w.topic}** (${w.track}, ${score(w.score)}/${w.max}): \`/quiz ${w.topic}\``).join('\n')
        : nothingToWorkOn(r),
    },
  ];
  const pct = percent(s.score, s.n);
  if (cmp) {
    const delta = pct - cmp.lastPct;
    const arrow = delta > 0 ? `▲ ${delta}` : delta < 0 ? `▼ ${-delta}` : '= same as';
    fields.push({
      name: 'Compared with your previous mocks',
      value: `${arrow} points vs your last mock (${cmp.lastPct}% on ${formatInstant(new Date(cmp.last.at), tz)}). `
        + `Best ${cmp.best}%, average ${cmp.average}% over ${plural(cmp.count, 'earlier mock')}.`,
    });
  } else {
    fields.push({ name: 'Compared with your previous mocks', value: 'This is your first mock; the next report compares with it.' });
  }
  // A Report button per question the user saw (at most 15: three rows of five on Discord).
  const buttons = r.questions.filter((l) => l.question && l.postId && l.seconds !== undefined).map((l) => reportQuestion(l.postId!, l.n));
  return {
    visibility: 'private', tone: 'info', title: `${TITLE} report · ${score(s.score)}/${s.n} (${pct}%)`,
    body: [lead, `${ENDED[s.ended]} · ${scopeLabel(s.scope)} · ${plural(s.n, 'question')} · took ${duration(s.took)} of ${s.min} min.`, lines.join('\n')]
      .filter(Boolean).join('\n\n'),
    fields, buttons,
    footer: `Mock answers feed your stats and reviews, not the leaderboards. \`/mock history\` lists your mocks; \`/mock\` starts another.${buttons.length ? ' 🚩 reports a question that looks wrong.' : ''}`,
  };
}

/** `/mock history`: finished mocks, newest first, and the running one if any. */
export function historyCard(entries: readonly MockSummary[], tz: string, running?: string): Reply {
  if (entries.length === 0) {
    return { visibility: 'private', tone: 'info', body: `${running ? `${running}\n\n` : ''}No finished mock interviews yet. Start one with \`/mock\` (or \`/mock deep 10 45\`).` };
  }
  const pcts = entries.map((m) => percent(m.score, m.n));
  const lines = entries.map((m, i) => `**${formatInstant(new Date(m.at), tz)}** · ${scopeLabel(m.scope)} · ${plural(m.n, 'question')} · `
    + `${duration(m.took)} of ${m.min} min · **${score(m.score)}/${m.n} (${pcts[i]}%)** · ${ENDED[m.ended].replace(/^\S+ /, '').toLowerCase()}`);
  const trend = `Average ${Math.round(pcts.reduce((a, b) => a + b, 0) / pcts.length)}% over ${plural(entries.length, 'mock')}; best ${Math.max(...pcts)}%.`;
  return { visibility: 'private', tone: 'info', title: `${TITLE}s`, body: [running, lines.join('\n'), trend].filter(Boolean).join('\n\n') };
}
