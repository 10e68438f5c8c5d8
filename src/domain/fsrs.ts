/**
 * FSRS (Free Spaced Repetition Scheduler) as the review schedule: the parameters, the stored card, the
 * retrievability used to rank due cards, and how an old Leitner box becomes a card.
 *
 * The update itself runs inside the answer script (src/store/fsrs-script.ts) so answering stays one Redis
 * round trip; a property test replays random review histories through that script and through ts-fsrs and
 * requires the same stability, difficulty and due time.
 *
 * Configuration, matching ts-fsrs 5 `fsrs({ enable_fuzz: false, enable_short_term: false })` exactly:
 * - the default FSRS-6 weights, request retention 0.9, maximum interval 36500 days, no fuzz;
 * - no short-term (minute) learning steps: with `enable_short_term: false` ts-fsrs uses its long-term
 *   scheduler, where every review, the first one included, schedules the card a whole number of days
 *   ahead (at least one) and elapsed time is counted in UTC calendar days. A daily study bot has no use
 *   for "again in 10 minutes", and this mode is fully determined by the card's stability, difficulty and
 *   the UTC day of its last review, which is what we store.
 */

/** ts-fsrs 5 `default_w` (FSRS-6). A test checks these against the library. */
export const FSRS_W: readonly number[] = Object.freeze([
  0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
  1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
]);
export const REQUEST_RETENTION = 0.9;
export const MAXIMUM_INTERVAL = 36_500;
export const S_MIN = 0.001;
export const S_MAX = 36_500;
export const DAY_MS = 86_400_000;

/** Ratings as FSRS numbers them; 0 means "no review" (an open answer waiting for its self-assessment). */
export const Rating = { None: 0, Again: 1, Hard: 2, Good: 3 } as const;
export type Rating = (typeof Rating)[keyof typeof Rating];

/** JavaScript's Math.round at 8 decimals, as ts-fsrs rounds every stored quantity. */
export function roundTo8(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}

/** The forgetting curve's decay and factor (R = 0.9 when t = S), computed as ts-fsrs does. */
export const DECAY = -FSRS_W[20]!;
export const FACTOR = roundTo8(Math.exp(Math.pow(DECAY, -1) * Math.log(0.9)) - 1.0);
/** Interval (days) per day of stability at the requested retention. */
export const INTERVAL_MODIFIER = roundTo8((Math.pow(REQUEST_RETENTION, 1 / DECAY) - 1) / FACTOR);

/** Initial difficulty for a first rating (1-4), clamped to [1, 10]. */
export function initDifficulty(g: number): number {
  return Math.min(Math.max(roundTo8(FSRS_W[4]! - Math.exp((g - 1) * FSRS_W[5]!) + 1), 1), 10);
}

/** Probability of recall after `elapsedDays` for a card of stability `s` (ts-fsrs `forgetting_curve`). */
export function retrievability(elapsedDays: number, s: number): number {
  return roundTo8(Math.pow(1 + (FACTOR * Math.max(0, elapsedDays)) / s, DECAY));
}

/** The UTC calendar day of an instant: ts-fsrs counts elapsed days between UTC dates. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** One user's memory of one question. Stored as "s,d,day,reps,lapses" (see encodeCard). */
export interface Card {
  /** Stability: days until recall falls to 90%. */
  s: number;
  /** Difficulty, 1 (easy) to 10 (hard). */
  d: number;
  /** UTC day number (days since 1970-01-01) of the last review. */
  day: number;
  reps: number;
  lapses: number;
}

/** Stability and difficulty are multiples of 1e-8 (ts-fsrs rounds them so), so their shortest form is exact and short. */
export function encodeCard(c: Card): string {
  return `${c.s},${c.d},${c.day},${c.reps},${c.lapses}`;
}

export function decodeCard(raw: string | null | undefined): Card | undefined {
  const m = raw ? /^([0-9.]+),([0-9.]+),(-?\d+),(\d+),(\d+)$/.exec(raw) : null;
  if (!m) return undefined;
  const [s, d, day, reps, lapses] = m.slice(1).map(Number) as [number, number, number, number, number];
  return s > 0 && d >= 1 ? { s, d, day, reps, lapses } : undefined;
}

/** The Leitner intervals (days) of boxes 1-6 used before FSRS. */
export const LEITNER_INTERVAL_DAYS = [1, 3, 7, 14, 30, 60] as const;
export const SEED_D_GOOD = initDifficulty(Rating.Good);
export const SEED_D_HARD = initDifficulty(Rating.Hard);

/**
 * A card seeded from a Leitner box (1-6), done once when the question is next answered:
 * - stability = the box's interval (1, 3, 7, 14, 30, 60 days): the gap the old schedule judged the user
 *   ready for, and stability is the gap after which recall is still 90%;
 * - difficulty = the FSRS initial difficulty of Good for boxes 2-6 (answered right at least twice in a row),
 *   of Hard for box 1 (first answer, or last answer missed: we cannot tell which);
 * - last review = the day the box was scheduled from (its due time minus the box interval), or today when
 *   the question has no due time;
 * - reps = the box number (the fewest answers that reach it), lapses = 0.
 */
export function seedFromBox(box: number, dueMs: number | undefined, nowMs: number): Card | undefined {
  if (!Number.isInteger(box) || box < 1 || box > LEITNER_INTERVAL_DAYS.length) return undefined;
  const interval = LEITNER_INTERVAL_DAYS[box - 1]!;
  const day = dueMs === undefined ? utcDay(nowMs) : utcDay(dueMs - interval * DAY_MS);
  return { s: interval, d: box === 1 ? SEED_D_HARD : SEED_D_GOOD, day, reps: box, lapses: 0 };
}

/** The card of a stored value, or of a not yet migrated Leitner box. */
export function cardOf(stored: string | null | undefined, box: string | null | undefined, dueMs: number | undefined, nowMs: number): Card | undefined {
  return decodeCard(stored) ?? (box ? seedFromBox(Number(box), dueMs, nowMs) : undefined);
}

/** Retrievability of a card today, days counted as the scheduler counts them. */
export function cardRetrievability(card: Card, nowMs: number): number {
  return retrievability(utcDay(nowMs) - card.day, card.s);
}

/** The review rating of an auto-graded answer: wrong = Again, right = Good, right after a hint = Hard. */
export function answerRating(correct: boolean | undefined, hinted = false): Rating {
  if (correct === undefined) return Rating.None;
  return !correct ? Rating.Again : hinted ? Rating.Hard : Rating.Good;
}

/**
 * Due questions in review order: the lowest retrievability first (a question with no stored card counts
 * as 0, we know nothing of it), then the longest overdue, then by id so the order is stable.
 */
export function reviewOrder<T extends { questionId: string; dueMs: number; card: Card | undefined }>(items: readonly T[], nowMs: number): (T & { r: number | undefined })[] {
  return items
    .map((it) => ({ ...it, r: it.card ? cardRetrievability(it.card, nowMs) : undefined }))
    .sort((a, b) => (a.r ?? 0) - (b.r ?? 0) || a.dueMs - b.dueMs || (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0));
}
