import { actionIds } from '../core/action-ids.js';
import type { Field, Reply } from '../core/reply.js';
import { MAX_REPORT_NOTE, REASON_LABEL, REPORT_REASONS, shareCorrect, type ReportReason } from '../domain/question-stats.js';
import type { Question } from '../domain/question.js';
import type { HintOutcome, ReportedQuestion } from '../store/feedback.js';
import { clip, pickBetween } from './answer.js';
import { questionHeader } from './question.js';
import { formatInstant } from './time.js';

/** The hint, shown to the caller alone, with what taking it means for their points. */
export function hintReply(q: Question, outcome: Exclude<HintOutcome, 'missing' | 'notyours'>, points: { full: number; hinted: number }): Reply {
  const effect = {
    ok: q.kind === 'open'
      ? 'Open questions score no points; taking the hint is noted in your stats.'
      : `A correct answer now scores ${points.hinted} points instead of ${points.full}.`,
    again: 'You took this hint already; nothing more changes.',
    answered: 'You have already answered this question, so the hint changes nothing.',
    closed: 'This question is closed, so the hint changes nothing.',
  }[outcome];
  return { visibility: 'private', tone: 'info', title: `💡 Hint · ${questionHeader(q)}`, body: q.hint ?? '', footer: effect };
}

/** `/hint` with both a channel question and a practice question waiting: the user picks. */
export function pickHint(channelPostId: string, personalPostId: string): Reply {
  return pickBetween('A hint for which question?', 'You have two open questions here. Taking a hint halves the points a correct answer to that question scores.', actionIds.hint(channelPostId), actionIds.hint(personalPostId));
}

export function reportMenu(q: Question, postId: string): Reply {
  return {
    visibility: 'private', tone: 'question', title: '🚩 What is wrong with this question?',
    body: `**${clip(q.prompt, 200)}**\n\nPick a reason; you can add a note next. One report per question.`,
    buttons: REPORT_REASONS.map((r) => ({ actionId: actionIds.reportReason(postId, r), label: REASON_LABEL[r], style: r === 'key' ? 'danger' : 'secondary' })),
  };
}

export function reportForm(postId: string, reason: ReportReason): Reply {
  return {
    visibility: 'private', tone: 'question', body: `Reporting: **${REASON_LABEL[reason]}**. Add a note if it helps (optional), then send.`,
    form: {
      actionId: actionIds.reportNote(postId, reason), title: `Report: ${REASON_LABEL[reason]}`, label: 'Note (optional)',
      placeholder: reason === 'key' ? 'Which answer is right, and why?' : 'What should change?', maxLength: MAX_REPORT_NOTE, optional: true,
    },
  };
}

export function alreadyReported(reason: ReportReason, at: number, timezone: string): Reply {
  return { visibility: 'private', tone: 'warning', body: `You already reported this question (**${REASON_LABEL[reason]}**, ${formatInstant(new Date(at), timezone)}). One report per question counts.` };
}

export function reportThanks(reason: ReportReason): Reply {
  return { visibility: 'private', tone: 'success', body: `🚩 Thanks: reported as **${REASON_LABEL[reason]}**. The admins see it in \`/questions reports\`.` };
}

/** Latest notes shown per question (the service looks up the names of their authors). */
export const NOTES_SHOWN = 3;

/** `/questions reports`: the most reported questions with counts by reason and the latest notes. */
export function reportsList(items: { reported: ReportedQuestion; question?: Question; names: Map<string, string> }[], total: number, timezone: string): Reply {
  if (items.length === 0) return { visibility: 'private', tone: 'info', title: '🚩 Question reports', body: 'No question has been reported here yet.' };
  const fields: Field[] = items.map(({ reported: r, question: q, names }) => {
    const reasons = REPORT_REASONS.filter((x) => r.counts.byReason[x] > 0).map((x) => `${REASON_LABEL[x]} ${r.counts.byReason[x]}`).join(' · ');
    const share = shareCorrect(r.counts);
    const answered = r.counts.graded + r.counts.open;
    const stats = `${answered} answer${answered === 1 ? '' : 's'}${share === undefined ? '' : `, ${Math.round(100 * share)}% correct`}`;
    const notes = r.reports.filter((x) => x.note).slice(0, NOTES_SHOWN)
      .map((x) => `> “${clip(x.note!.replace(/\s+/g, ' '), 160)}” (${names.get(x.userId) ?? x.userId}, ${formatInstant(new Date(x.at), timezone)})`);
    return {
      name: `${r.count} report${r.count === 1 ? '' : 's'} · ${r.questionId}${q ? '' : ' (retired)'}`,
      value: [q ? `${questionHeader(q)} · ${clip(q.prompt, 120)}` : '', `${reasons || 'no reasons'} · ${stats}`, ...notes].filter(Boolean).join('\n'),
    };
  });
  const more = total > items.length ? ` (${total} reported questions in all; the ${items.length} most reported are shown)` : '';
  return { visibility: 'private', tone: 'info', title: '🚩 Question reports', body: `Most reported first${more}. \`npm run questions:stats\` exports every question's figures.`, fields };
}
