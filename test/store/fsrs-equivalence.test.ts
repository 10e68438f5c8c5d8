/**
 * The FSRS update inside the answer and self-assessment scripts equals ts-fsrs: random review histories
 * are replayed through the real Lua scripts on the suite's Redis and through the library, and after every
 * review the stored stability and difficulty match to 1e-6 and the due time to the millisecond.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEmptyCard, fsrs, State, type Card as RefCard, type Grade } from 'ts-fsrs';
import { calendarAt } from '../../src/domain/calendar.js';
import { DAY_MS, seedFromBox, LEITNER_INTERVAL_DAYS } from '../../src/domain/fsrs.js';
import { AnswerRepository } from '../../src/store/answers.js';
import { QuestionNumbers } from '../../src/store/question-numbers.js';
import { QuestionStateRepository } from '../../src/store/question-state-repo.js';
import { cardOfRecord, decodeStates } from '../../src/store/question-state.js';
import { communityKeys } from '../../src/store/keys.js';
import { connectRedis, type Store } from '../../src/store/redis.js';
import { freshCommunity, testRedisUrl } from '../support/redis.js';

/** The reference: ts-fsrs with its defaults, fuzz off, and the long-term (day-based) scheduler. */
const reference = fsrs({ enable_fuzz: false, enable_short_term: false });

const HISTORIES = 1000;
const LEVEL = { 1: 'missed', 2: 'partly', 3: 'got' } as const;

interface Review { rating: 1 | 2 | 3; gapMs: number; via: 'answer' | 'assess' }
interface History { startMs: number; box?: { box: number; dueOffsetMs: number }; reviews: Review[] }

const gap = fc.oneof(
  fc.integer({ min: 0, max: 2 * DAY_MS }),
  fc.integer({ min: 0, max: 60 * DAY_MS }),
  fc.integer({ min: 0, max: 1000 * DAY_MS }),
);
const review: fc.Arbitrary<Review> = fc.record({
  rating: fc.constantFrom<Review['rating']>(1, 2, 3),
  gapMs: gap,
  via: fc.constantFrom('answer' as const, 'assess' as const),
});
/** A Leitner box left from before FSRS; its due time is at most one box interval after the first review. */
const box = fc.integer({ min: 1, max: 6 }).chain((b) => fc.record({
  box: fc.constant(b),
  dueOffsetMs: fc.integer({ min: -200 * DAY_MS, max: LEITNER_INTERVAL_DAYS[b - 1]! * DAY_MS }),
}));
const history: fc.Arbitrary<History> = fc.record({
  startMs: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
  box: fc.option(box, { nil: undefined, freq: 3 }),
  reviews: fc.array(review, { minLength: 1, maxLength: 12 }),
});

let redis: Store;
// Auto-pipelining sends each step's concurrent script calls in one write.
beforeAll(() => { redis = connectRedis(testRedisUrl(), { enableAutoPipelining: true }); });
afterAll(() => { redis.disconnect(); });

/** The reference card a history starts from: new, or seeded from its Leitner box as the script seeds it. */
function startCard(h: History): RefCard {
  if (!h.box) return createEmptyCard(new Date(h.startMs));
  const seed = seedFromBox(h.box.box, h.startMs + h.box.dueOffsetMs, h.startMs)!;
  return {
    ...createEmptyCard(new Date(h.startMs)), state: State.Review, stability: seed.s, difficulty: seed.d,
    last_review: new Date(seed.day * DAY_MS), reps: seed.reps, lapses: seed.lapses,
  };
}

type Step = (card: RefCard, now: Date, rating: Grade) => RefCard;
const referenceStep: Step = (card, now, rating) => reference.next(card, now, rating).card;

/** Replays every history through Redis and the reference, step by step, all histories of a step at once. */
async function replay(histories: History[], step_: Step = referenceStep): Promise<string[]> {
  const c = freshCommunity();
  const k = communityKeys(c);
  const user = (i: number) => `console:h${i}`;
  const QID = 'q-fsrs';
  const numbers = new QuestionNumbers(redis, [QID]);
  const answers = new AnswerRepository(redis, numbers, new QuestionStateRepository(redis, numbers));
  await numbers.ready();
  const qnum = numbers.of(QID);
  const failures: string[] = [];
  // Boards and streaks are not under test: one calendar for every review keeps the replay fast.
  const { today, periods } = calendarAt(new Date(histories[0]!.startMs), 'UTC');

  const seed = redis.pipeline();
  histories.forEach((h, i) => {
    if (!h.box) return;
    seed.hset(k.userReviewBoxes(user(i)), QID, String(h.box.box));
    seed.zadd(k.userReviewDue(user(i)), h.startMs + h.box.dueOffsetMs, QID);
  });
  await seed.exec();

  const cards = histories.map(startCard);
  const clocks = histories.map((h) => h.startMs);
  const steps = Math.max(...histories.map((h) => h.reviews.length));
  for (let step = 0; step < steps; step++) {
    const live = histories.flatMap((h, i) => (step < h.reviews.length ? [i] : []));
    const posts = redis.pipeline();
    for (const i of live) if (histories[i]!.reviews[step]!.via === 'answer') posts.hset(k.post(`p${i}s${step}`), { q: QID, status: 'open', closes: 0, aud: '' });
    await posts.exec();

    await Promise.all(live.map(async (i) => {
      const r = histories[i]!.reviews[step]!;
      if (step > 0) clocks[i]! += r.gapMs;
      const now = clocks[i]!;
      const postId = `p${i}s${step}`;
      const res = r.via === 'answer'
        ? await answers.record({
          communityId: c, postId, userId: user(i), displayName: `h${i}`, questionId: QID, track: 'math', record: 'c0|0|0,',
          correct: r.rating !== 1, points: 0, today, periods, now, rating: r.rating,
        })
        : await answers.selfAssess({
          communityId: c, postId, userId: user(i), questionId: QID, level: LEVEL[r.rating],
          credit: 0, periods, requireAnswer: false, now,
        });
      if (res.status !== 'ok') throw new Error(`history ${i} step ${step}: ${res.status}`);
      cards[i] = step_(cards[i]!, new Date(now), r.rating as Grade);
    }));

    const read = redis.pipeline();
    for (const i of live) read.getBuffer(k.userState(user(i))).hexists(k.userReviewBoxes(user(i)), QID);
    const got = (await read.exec())!.map(([err, v]) => { if (err) throw err; return v; });
    live.forEach((i, n) => {
      const [raw, boxLeft] = got.slice(n * 2, n * 2 + 2) as [Buffer | null, number];
      const record = decodeStates(raw).find((r) => r.qnum === qnum);
      const mine = record && cardOfRecord(record);
      const due = record?.dueMs;
      const ref = cards[i]!;
      const ok = mine !== undefined && boxLeft === 0
        && Math.abs(mine.s - ref.stability) <= 1e-6 && Math.abs(mine.d - ref.difficulty) <= 1e-6
        && Number(due) === ref.due.getTime() && Math.floor(Number(due) / DAY_MS) === Math.floor(ref.due.getTime() / DAY_MS)
        && mine.reps === ref.reps && mine.lapses === ref.lapses
        && mine.day === Math.floor(ref.last_review!.getTime() / DAY_MS);
      if (!ok) {
        failures.push(`history ${JSON.stringify(histories[i])} step ${step}: redis ${JSON.stringify(mine)} due ${due} (box left: ${boxLeft}); `
          + `ts-fsrs s=${ref.stability} d=${ref.difficulty} due=${ref.due.getTime()} reps=${ref.reps} lapses=${ref.lapses}`);
      }
    });
  }
  return failures;
}

describe('FSRS in the answer script', () => {
  it(`equals ts-fsrs over ${HISTORIES} random review histories (stability and difficulty to 1e-6, same due time)`, async () => {
    let replayed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(history, { minLength: HISTORIES, maxLength: HISTORIES }), async (histories) => {
        replayed += histories.length;
        const failures = await replay(histories);
        expect(failures.slice(0, 3)).toEqual([]);
      }),
      { numRuns: 1, endOnFailure: true },
    );
    expect(replayed).toBeGreaterThanOrEqual(HISTORIES);
  });

  it('fails when the script and the reference disagree (the comparison can fail)', async () => {
    // Same history, but the reference is told Hard where the script recorded the second Good.
    const h: History = { startMs: Date.UTC(2031, 1, 3, 10), reviews: [{ rating: 3, gapMs: 0, via: 'answer' }, { rating: 3, gapMs: 5 * DAY_MS, via: 'answer' }] };
    let calls = 0;
    const failures = await replay([h], (card, now, g) => referenceStep(card, now, ++calls === 2 ? 2 : g));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/step 1/);
  });
});
