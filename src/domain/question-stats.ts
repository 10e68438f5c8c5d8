/** Per-question statistics (answers, correct share, hints, reports) and the rules that flag a question for review. */

export const REPORT_REASONS = ['key', 'unclear', 'typo', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REASON_LABEL: Record<ReportReason, string> = { key: 'Wrong key', unclear: 'Unclear', typo: 'Typo', other: 'Other' };

/** Longest note a report may carry. */
export const MAX_REPORT_NOTE = 500;

/**
 * Field prefixes in a community's per-question stats hash ("<prefix>:<questionId>"): graded answers (choice and numeric),
 * open answers, correct answers, answers given after taking the hint, reports, and reports per reason ("r-key", ...).
 */
export const STAT = { graded: 'a', open: 'o', correct: 'c', hinted: 'h', reports: 'r' } as const;
export const reasonStat = (reason: ReportReason) => `r-${reason}`;

export interface QuestionCounts {
  graded: number;
  open: number;
  correct: number;
  hinted: number;
  reports: number;
  byReason: Record<ReportReason, number>;
}

export const emptyCounts = (): QuestionCounts => ({ graded: 0, open: 0, correct: 0, hinted: 0, reports: 0, byReason: { key: 0, unclear: 0, typo: 0, other: 0 } });

/** Reads a stats hash into counts per question id; unknown fields are ignored. */
export function countsFromHash(h: Record<string, string>): Map<string, QuestionCounts> {
  const out = new Map<string, QuestionCounts>();
  for (const [field, raw] of Object.entries(h)) {
    const i = field.indexOf(':');
    if (i <= 0) continue;
    const stat = field.slice(0, i);
    const qid = field.slice(i + 1);
    const n = Number(raw);
    if (!qid || !Number.isFinite(n)) continue;
    let c = out.get(qid);
    if (!c) { c = emptyCounts(); out.set(qid, c); }
    switch (stat) {
      case STAT.graded: c.graded += n; break;
      case STAT.open: c.open += n; break;
      case STAT.correct: c.correct += n; break;
      case STAT.hinted: c.hinted += n; break;
      case STAT.reports: c.reports += n; break;
      default: {
        const reason = REPORT_REASONS.find((r) => reasonStat(r) === stat);
        if (reason) c.byReason[reason] += n;
      }
    }
  }
  return out;
}

export function addCounts(into: QuestionCounts, more: QuestionCounts): QuestionCounts {
  into.graded += more.graded;
  into.open += more.open;
  into.correct += more.correct;
  into.hinted += more.hinted;
  into.reports += more.reports;
  for (const r of REPORT_REASONS) into.byReason[r] += more.byReason[r];
  return into;
}

/** A question is flagged with at least this many graded answers and a share correct outside [low, high], or this many reports. */
export const FLAG_RULES = { minAnswers: 30, lowShare: 0.2, highShare: 0.97, minReports: 3 } as const;

/** The share of graded answers that were correct, or undefined with none (open questions are self-assessed). */
export const shareCorrect = (c: QuestionCounts): number | undefined => (c.graded > 0 ? c.correct / c.graded : undefined);

/** Why a question needs a look, in words; empty when it does not. */
export function flagsOf(c: QuestionCounts): string[] {
  const flags: string[] = [];
  const share = shareCorrect(c);
  if (share !== undefined && c.graded >= FLAG_RULES.minAnswers) {
    const pct = `${(100 * share).toFixed(1)}%`;
    if (share < FLAG_RULES.lowShare) flags.push(`hard: ${pct} correct`);
    else if (share > FLAG_RULES.highShare) flags.push(`easy: ${pct} correct`);
  }
  if (c.reports >= FLAG_RULES.minReports) flags.push(`${c.reports} reports`);
  return flags;
}

export interface QuestionMeta { track: string; topic: string; difficulty: string; kind: string }

export interface ExportRow {
  community?: string;
  question: string;
  track: string;
  topic: string;
  difficulty: string;
  kind: string;
  answered: number;
  correct: number;
  shareCorrect: number | null;
  hinted: number;
  reports: number;
  wrongKey: number;
  unclear: number;
  typo: number;
  other: number;
  flagged: boolean;
  flags: string[];
}

export function exportRow(question: string, c: QuestionCounts, meta: QuestionMeta | undefined, community?: string): ExportRow {
  const share = shareCorrect(c);
  const flags = flagsOf(c);
  return {
    ...(community ? { community } : {}),
    question, track: meta?.track ?? '', topic: meta?.topic ?? '', difficulty: meta?.difficulty ?? '', kind: meta?.kind ?? '',
    answered: c.graded + c.open, correct: c.correct, shareCorrect: share === undefined ? null : Math.round(share * 10_000) / 10_000,
    hinted: c.hinted, reports: c.reports, wrongKey: c.byReason.key, unclear: c.byReason.unclear, typo: c.byReason.typo, other: c.byReason.other,
    flagged: flags.length > 0, flags,
  };
}

/** Flagged questions first, then by reports and answers (most first), then by id. */
export function sortRows(rows: ExportRow[]): ExportRow[] {
  return rows.sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.reports - a.reports || b.answered - a.answered
    || (a.community ?? '').localeCompare(b.community ?? '') || a.question.localeCompare(b.question));
}

const CSV_COLUMNS: (keyof ExportRow)[] = ['question', 'track', 'topic', 'difficulty', 'kind', 'answered', 'correct', 'shareCorrect', 'hinted', 'reports', 'wrongKey', 'unclear', 'typo', 'other', 'flagged', 'flags'];

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: ExportRow[]): string {
  const cols = rows.some((r) => r.community !== undefined) ? ['community' as const, ...CSV_COLUMNS] : CSV_COLUMNS;
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}
